// In-browser audio through the Twilio Voice JS SDK, used only when the snapshot says voiceEnabled.
// The SDK is loaded on demand (its own chunk, bundled: nothing comes from a CDN) and its ringtones
// are replaced by a bundled silent sound: the offer dialog is the ring, and the SDK would otherwise
// fetch its sounds from Twilio's CDN.

import { api, call } from '../api/client';
import type { VoiceToken } from '../api/contract';
import silence from './silence.wav?url';
import { setVoiceStatus } from './voiceStatus';

async function fetchToken(): Promise<VoiceToken> {
  const result = await call(api.GET('/api/console/voice-token'));
  if (!result.ok) {
    throw new Error(`voice token: HTTP ${result.problem.status}`);
  }
  return result.data;
}

const soundNames = [
  'incoming', 'outgoing', 'disconnect',
  'dtmf0', 'dtmf1', 'dtmf2', 'dtmf3', 'dtmf4', 'dtmf5', 'dtmf6', 'dtmf7', 'dtmf8', 'dtmf9', 'dtmfs', 'dtmfh',
] as const;

/**
 * Registers a Twilio Device for this counsellor and answers the calls the server puts through to it
 * (the counsellor already accepted the offer in the console). Returns a function that unregisters it.
 */
export function startVoice(onError: (error: unknown) => void): () => void {
  let stopped = false;
  let destroy: (() => void) | null = null;
  setVoiceStatus('starting');

  void (async () => {
    try {
      const [{ Device }, token] = await Promise.all([import('@twilio/voice-sdk'), fetchToken()]);
      if (stopped) {
        return;
      }
      const sounds = Object.fromEntries(soundNames.map((name) => [name, silence]));
      const device = new Device(token.token, {
        sounds,
        closeProtection: true,
        // Codec and edge: the SDK's defaults.
      });
      destroy = () => device.destroy();

      device.on('registered', () => setVoiceStatus('ready'));
      device.on('error', (error: unknown) => {
        setVoiceStatus('error');
        onError(error);
      });
      device.on('tokenWillExpire', () => {
        fetchToken()
          .then((next) => device.updateToken(next.token))
          .catch(onError);
      });
      device.on('incoming', (call: import('@twilio/voice-sdk').Call) => {
        call.on('accept', () =>
          setVoiceStatus('inCall', { hangUp: () => call.disconnect(), setMuted: (muted) => call.mute(muted) }));
        call.on('disconnect', () => setVoiceStatus('ready'));
        call.on('cancel', () => setVoiceStatus('ready'));
        call.on('error', onError);
        call.accept();
      });
      await device.register();
    } catch (error) {
      if (!stopped) {
        setVoiceStatus('error');
        onError(error);
      }
    }
  })();

  return () => {
    stopped = true;
    destroy?.();
    setVoiceStatus('off');
  };
}
