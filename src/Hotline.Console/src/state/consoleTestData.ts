// Shared test data for the console state's tests (not shipped: only test files import it).
import type { CallCard, ConsoleSnapshot, CounsellorState, CurrentCall, OfferCard } from '../api/contract';
import { type ConsoleAction, type ConsoleEvent, type ConsoleState, consoleReducer, initialConsoleState } from './consoleReducer';

export const me: CounsellorState = {
  userId: 'u-me',
  userName: 'counsellor1',
  displayName: 'Camille Martin',
  presence: 'Available',
  since: '2026-11-01T09:00:00+00:00',
  currentCallId: null,
};
export const other: CounsellorState = {
  userId: 'u-other',
  userName: 'counsellor2',
  displayName: 'Alex Bernard',
  presence: 'Break',
  since: '2026-11-01T09:05:00+00:00',
  currentCallId: null,
};

export function card(id: string, overrides: Partial<CallCard> = {}): CallCard {
  return {
    callId: id,
    kind: 'Live',
    motive: 'Question',
    priority: 10,
    status: 'Queued',
    receivedAt: '2026-11-01T10:00:00+00:00',
    queuedAt: '2026-11-01T10:01:00+00:00',
    location: 'Resolved',
    postalCode: '13150',
    departementCode: '13',
    departementName: 'Bouches-du-Rhône',
    communes: [],
    repeatCaller: false,
    previousCalls: 0,
    recordingSeconds: null,
    offeredTo: null,
    callbackMessageAllowed: null,
    callbackWindow: null,
    reference: null,
    ...overrides,
  };
}

export function offer(id: string, callId: string): OfferCard {
  return {
    offerId: id,
    call: card(callId, { status: 'Offered' }),
    offeredAt: '2026-11-01T10:05:00+00:00',
    expiresAt: '2026-11-01T10:05:20+00:00',
  };
}

export function current(callId: string, overrides: Partial<CurrentCall> = {}): CurrentCall {
  return {
    callId,
    call: card(callId, { status: 'Connected' }),
    connectedAt: '2026-11-01T10:05:10+00:00',
    mode: 'Simulated',
    wrapUpEndsAt: null,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<ConsoleSnapshot> = {}): ConsoleSnapshot {
  return {
    serverTime: '2026-11-01T10:10:00+00:00',
    sequences: { queue: 10, presence: 20, personal: 30 },
    me,
    queue: [card('a')],
    offer: null,
    current: null,
    counsellors: null,
    voiceEnabled: false,
    waitAlertSeconds: 120,
    dangerAlerts: null,
    ...overrides,
  };
}

export const clientNow = Date.parse('2026-11-01T10:09:58+00:00');

export function run(...actions: ConsoleAction[]): ConsoleState {
  return actions.reduce(consoleReducer, initialConsoleState);
}

export const connected: ConsoleAction = { type: 'connection', status: 'connected' };
export const snap = (s: ConsoleSnapshot = snapshot()): ConsoleAction => ({ type: 'snapshot', snapshot: s, receivedAtMs: clientNow });
export const ev = (event: ConsoleEvent): ConsoleAction => ({ type: 'event', event });
