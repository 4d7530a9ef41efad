// The immediate-danger banner's state: the open alerts (snapshot, then hub events), and which ones to announce.
// Events are not sequenced: an alert seen taken in charge is remembered, so an older snapshot cannot bring it back.

import type { DangerAlertView, Guid } from '../api/contract';

export interface DangerAlertsState {
  /** Open alerts, oldest first: the banners stack in that order. */
  open: DangerAlertView[];
  /** Alerts seen taken in charge (the last few hundred): never shown again. */
  taken: Guid[];
  /** Alerts to announce once to screen readers: those that were not on screen before this change. */
  announce: Guid[];
}

export const noDangerAlerts: DangerAlertsState = { open: [], taken: [], announce: [] };

const keptTaken = 200;

function sorted(alerts: DangerAlertView[]): DangerAlertView[] {
  return [...alerts].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
}

/** A snapshot lists every open alert (null for non-supervisors); the new ones are announced. */
export function dangerAlertsFromSnapshot(state: DangerAlertsState, alerts: DangerAlertView[] | null): DangerAlertsState {
  const open = sorted((alerts ?? []).filter((alert) => !state.taken.includes(alert.id)));
  const known = new Set(state.open.map((alert) => alert.id));
  const fresh = open.filter((alert) => !known.has(alert.id)).map((alert) => alert.id);
  return { ...state, open, announce: fresh.length > 0 ? fresh : state.announce };
}

export function dangerAlertRaised(state: DangerAlertsState, alert: DangerAlertView): DangerAlertsState {
  if (state.taken.includes(alert.id) || state.open.some((open) => open.id === alert.id)) {
    return state;
  }
  return { ...state, open: sorted([...state.open, alert]), announce: [alert.id] };
}

export function dangerAlertTaken(state: DangerAlertsState, alertId: Guid): DangerAlertsState {
  if (state.taken.includes(alertId)) {
    return state;
  }
  return {
    open: state.open.filter((alert) => alert.id !== alertId),
    taken: [...state.taken, alertId].slice(-keptTaken),
    announce: state.announce.filter((id) => id !== alertId),
  };
}
