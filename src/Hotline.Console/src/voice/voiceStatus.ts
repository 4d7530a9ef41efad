// What the in-browser audio is doing, for the current-call panel. Kept apart from the Twilio SDK so
// that the catalogues and the main bundle do not pull the SDK in.

import { useSyncExternalStore } from 'react';

export type VoiceStatus = 'off' | 'starting' | 'ready' | 'inCall' | 'error';

/** What the counsellor can do with the call in the browser. */
export interface VoiceCallControls {
  hangUp: () => void;
  setMuted: (muted: boolean) => void;
}

interface VoiceSnapshot {
  status: VoiceStatus;
  controls: VoiceCallControls | null;
  muted: boolean;
}

let snapshot: VoiceSnapshot = { status: 'off', controls: null, muted: false };
const listeners = new Set<() => void>();

function publish(next: VoiceSnapshot): void {
  snapshot = next;
  listeners.forEach((listener) => listener());
}

export function setVoiceStatus(next: VoiceStatus, controls: VoiceCallControls | null = null): void {
  publish({ status: next, controls, muted: false });
}

/** Mutes or unmutes the counsellor's microphone on the call in the browser. */
export function setVoiceMuted(muted: boolean): void {
  snapshot.controls?.setMuted(muted);
  publish({ ...snapshot, muted });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useVoiceStatus(): { status: VoiceStatus; hangUp: (() => void) | null; muted: boolean; canMute: boolean } {
  const current = useSyncExternalStore(subscribe, () => snapshot);
  const inCall = current.status === 'inCall' && current.controls !== null;
  return { status: current.status, hangUp: inCall ? current.controls!.hangUp : null, muted: current.muted, canMute: inCall };
}
