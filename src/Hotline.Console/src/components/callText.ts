// Texts about a call card shared by the queue, the offer dialog and the current-call panel.

import type { CallCard } from '../api/contract';
import type { Messages } from '../i18n/fr';
import { formatDuration } from '../time/time';

/** Département name and code, or "unknown" / "ambiguous" / "not given". */
export function locationText(card: CallCard, m: Messages): string {
  switch (card.location) {
    case 'Resolved':
      return card.departementName && card.departementCode
        ? m.queue.location.departement(card.departementName, card.departementCode)
        : m.queue.location.unknown;
    case 'Ambiguous':
      return m.queue.location.ambiguous;
    case 'Unknown':
      return m.queue.location.unknown;
    case 'NotGiven':
      return m.queue.location.notGiven;
  }
}

/** The postal code and, when it names several communes, how many. */
export function locationDetail(card: CallCard, m: Messages): string | null {
  const parts: string[] = [];
  if (card.postalCode) {
    parts.push(m.queue.location.postalCode(card.postalCode));
  }
  if (card.communes.length > 1) {
    parts.push(m.queue.location.communes(card.communes.length));
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** "Voicemail · 1:05 message", "Callback requested", or null for a caller on the line. */
export function kindText(card: CallCard, m: Messages): string | null {
  if (card.kind === 'Live') {
    return null;
  }
  const kind = m.queue.kinds[card.kind];
  return card.recordingSeconds !== null && card.recordingSeconds > 0
    ? `${kind} · ${m.queue.recording(formatDuration(card.recordingSeconds * 1000))}`
    : kind;
}
