// What other folders may use from voice (the import-boundary rule in eslint.config.js lets them import
// this file only).
export { startVoice } from './voice';
export { setVoiceMuted, useVoiceStatus, type VoiceStatus } from './voiceStatus';
