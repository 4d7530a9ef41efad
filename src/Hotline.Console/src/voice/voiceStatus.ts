// What the in-browser audio is doing, for the current-call panel. Kept apart from the Twilio SDK so
// that the catalogues and the main bundle do not pull the SDK in.

import { useSyncExternalStore } from 'react';

export type VoiceStatus = 'off' | 'starting' | 'ready' | 'inCall' | 'error';

let status: VoiceStatus = 'off';
let hangUp: (() => void) | null = null;
const listeners = new Set<() => void>();

export function setVoiceStatus(next: VoiceStatus, nextHangUp: (() => void) | null = null): void {
  status = next;
  hangUp = nextHangUp;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useVoiceStatus(): { status: VoiceStatus; hangUp: (() => void) | null } {
  const current = useSyncExternalStore(subscribe, () => status);
  return { status: current, hangUp: current === 'inCall' ? hangUp : null };
}
