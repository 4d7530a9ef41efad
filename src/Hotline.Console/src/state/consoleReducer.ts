// The console's state: a pure reducer over the hub's snapshot and sequenced events.
// No React, no SignalR, no clock: time comes in with the actions, so every transition is testable.
//
// Sequencing rules (see the brief of the console contract):
// - every event belongs to one stream: queue events to `queue`, other counsellors' presence to
//   `presence`, offers / own presence / own calls to `personal`;
// - an event whose sequence is at or below its stream's position is already known: ignored;
// - last + 1 is applied and becomes the position;
// - anything else is a gap: the state needs a resync (a fresh snapshot replaces it);
// - until the first snapshot, and while a resync is pending, events are kept and replayed on top of
//   the snapshot (those the snapshot already covers are dropped by the rule above).

import type {
  CallCard,
  ConsoleNotice,
  ConsoleSnapshot,
  CounsellorState,
  CurrentCall,
  DangerAlertView,
  Guid,
  OfferCard,
  StreamName,
  LiveStatistics,
  StreamPositions,
} from '../api/contract';
import { newerStatistics } from './liveStatistics';
import {
  dangerAlertRaised,
  type DangerAlertsState,
  dangerAlertsFromSnapshot,
  dangerAlertTaken,
  noDangerAlerts,
} from './dangerAlerts';

export type ConsoleEvent =
  | { type: 'callQueued'; sequence: number; card: CallCard }
  | { type: 'callUpdated'; sequence: number; card: CallCard }
  | { type: 'callRemoved'; sequence: number; callId: Guid }
  | { type: 'presenceChanged'; sequence: number; state: CounsellorState }
  | { type: 'offerReceived'; sequence: number; offer: OfferCard }
  | { type: 'offerWithdrawn'; sequence: number; offerId: Guid; reason: string }
  | { type: 'callConnected'; sequence: number; call: CurrentCall }
  | { type: 'callFinished'; sequence: number; callId: Guid };

/** The SignalR connection itself. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** Whether the state follows the server: `waiting` for the first snapshot, `resync` for a new one. */
export type SyncStatus = 'waiting' | 'live' | 'resync';

export type ResyncReason = 'reconnected' | 'gap' | 'requested';

/** A toast: a server notice, or one the console raises itself (codes starting with "console."). */
export interface ShownNotice {
  id: number;
  code: string;
  callId: Guid | null;
  /** The referral an alert is about (overdue referral): the toast links to it. */
  referralId?: Guid;
  /** A server-provided reason or detail, shown after the translated message. */
  detail: string | null;
}

export interface ConsoleState {
  connection: ConnectionStatus;
  sync: SyncStatus;
  resyncReason: ResyncReason | null;
  /** serverTime − client clock at the last snapshot, in milliseconds. */
  serverOffsetMs: number;
  sequences: StreamPositions;
  me: CounsellorState | null;
  /** Sorted as the server sorts its board: priority first, then the longest wait. */
  queue: CallCard[];
  offer: OfferCard | null;
  current: CurrentCall | null;
  /** The current call's line is closed (callFinished): the counsellor is in wrap-up with its context. */
  currentEnded: boolean;
  /** Supervisors only; null for counsellors. */
  counsellors: CounsellorState[] | null;
  voiceEnabled: boolean;
  /** Console:WaitAlert in milliseconds (supervisors see callers waiting longer while nobody is available). */
  waitAlertMs: number;
  /** Supervisors: today's figures (wallboard); null until read. */
  statistics: LiveStatistics | null;
  /** Supervisors: immediate dangers on the banner until a supervisor takes them in charge. */
  dangerAlerts: DangerAlertsState;
  /** Events received while waiting for a snapshot, replayed on top of it. */
  pending: ConsoleEvent[];
  notices: ShownNotice[];
  nextNoticeId: number;
}

export type ConsoleAction =
  | { type: 'connection'; status: ConnectionStatus }
  | { type: 'snapshot'; snapshot: ConsoleSnapshot; receivedAtMs: number }
  | { type: 'event'; event: ConsoleEvent }
  /** Something went wrong locally (a failed call, a confused view): ask for a snapshot. */
  | { type: 'resyncRequested' }
  /** The answer to AcceptOffer (not sequenced: the personal stream's events confirm it). */
  | { type: 'offerAccepted'; offerId: Guid; call: CurrentCall }
  | { type: 'offerRefused'; offerId: Guid; reason: string | null }
  /** DeclineOffer went through: hide the offer without waiting for offerWithdrawn. */
  | { type: 'offerDeclined'; offerId: Guid }
  | { type: 'notice'; notice: ConsoleNotice; detail?: string | null }
  | { type: 'noticeDismissed'; id: number }
  /** Supervisors: today's figures, read over HTTP or pushed by the hub (StatisticsChanged). */
  | { type: 'statistics'; statistics: LiveStatistics }
  /** Supervisors: an immediate danger was recorded (hub), or a supervisor took one in charge (hub or this console). */
  | { type: 'dangerAlertRaised'; alert: DangerAlertView }
  | { type: 'dangerAlertTaken'; alertId: Guid }
  | { type: 'reset' };

/** At most this many events are kept while waiting for a snapshot; older ones are dropped (the snapshot covers them, or a gap shows). */
export const maxPendingEvents = 1000;
/** At most this many toasts at once; the oldest goes first. */
export const maxNotices = 5;

export const initialConsoleState: ConsoleState = {
  connection: 'connecting',
  sync: 'waiting',
  resyncReason: null,
  serverOffsetMs: 0,
  sequences: { queue: 0, presence: 0, personal: 0 },
  me: null,
  queue: [],
  offer: null,
  current: null,
  currentEnded: false,
  counsellors: null,
  voiceEnabled: false,
  waitAlertMs: 120_000,
  statistics: null,
  dangerAlerts: noDangerAlerts,
  pending: [],
  notices: [],
  nextNoticeId: 1,
};

export function consoleReducer(state: ConsoleState, action: ConsoleAction): ConsoleState {
  switch (action.type) {
    case 'connection':
      return onConnection(state, action.status);
    case 'snapshot':
      return onSnapshot(state, action.snapshot, action.receivedAtMs);
    case 'event':
      return receive(state, action.event);
    case 'resyncRequested':
      return state.sync === 'live' ? { ...state, sync: 'resync', resyncReason: 'requested', pending: [] } : state;
    case 'offerAccepted':
      return {
        ...state,
        offer: state.offer?.offerId === action.offerId ? null : state.offer,
        current: action.call,
        currentEnded: false,
      };
    case 'offerRefused':
      return closeOffer(state, action.offerId, 'console.offerNotAccepted', action.reason);
    case 'offerDeclined':
      return state.offer?.offerId === action.offerId ? { ...state, offer: null } : state;
    case 'notice':
      return addNotice(state, action.notice, action.detail ?? null);
    case 'noticeDismissed':
      return { ...state, notices: state.notices.filter((notice) => notice.id !== action.id) };
    case 'statistics': {
      const statistics = newerStatistics(state.statistics, action.statistics);
      return statistics === state.statistics ? state : { ...state, statistics };
    }
    case 'dangerAlertRaised':
      return { ...state, dangerAlerts: dangerAlertRaised(state.dangerAlerts, action.alert) };
    case 'dangerAlertTaken':
      return { ...state, dangerAlerts: dangerAlertTaken(state.dangerAlerts, action.alertId) };
    case 'reset':
      return initialConsoleState;
  }
}

function onConnection(state: ConsoleState, status: ConnectionStatus): ConsoleState {
  if (status === 'connected' && state.connection !== 'connected' && state.sync === 'live') {
    // Back after a drop: events may have been missed; only a snapshot tells what is true now.
    return { ...state, connection: status, sync: 'resync', resyncReason: 'reconnected', pending: [] };
  }
  if (status === state.connection) {
    return state;
  }
  return { ...state, connection: status };
}

function onSnapshot(state: ConsoleState, snapshot: ConsoleSnapshot, receivedAtMs: number): ConsoleState {
  const serverTime = Date.parse(snapshot.serverTime);
  const replaced: ConsoleState = {
    ...state,
    sync: 'live',
    resyncReason: null,
    serverOffsetMs: Number.isNaN(serverTime) ? state.serverOffsetMs : serverTime - receivedAtMs,
    sequences: { ...snapshot.sequences },
    me: snapshot.me,
    queue: sortQueue(snapshot.queue),
    offer: snapshot.offer,
    current: snapshot.current,
    currentEnded: false,
    counsellors: snapshot.counsellors ? sortCounsellors(snapshot.counsellors) : null,
    voiceEnabled: snapshot.voiceEnabled,
    waitAlertMs: snapshot.waitAlertSeconds * 1000,
    dangerAlerts: dangerAlertsFromSnapshot(state.dangerAlerts, snapshot.dangerAlerts),
    pending: [],
  };
  // Replay what arrived while waiting: the snapshot covers part of it, the rest follows it.
  return state.pending.reduce(receive, replaced);
}

/** Which stream an event belongs to. Own presence is personal; other counsellors' is the presence stream. */
export function streamOf(event: ConsoleEvent, myUserId: Guid): StreamName {
  switch (event.type) {
    case 'callQueued':
    case 'callUpdated':
    case 'callRemoved':
      return 'queue';
    case 'presenceChanged':
      return event.state.userId === myUserId ? 'personal' : 'presence';
    case 'offerReceived':
    case 'offerWithdrawn':
    case 'callConnected':
    case 'callFinished':
      return 'personal';
  }
}

function receive(state: ConsoleState, event: ConsoleEvent): ConsoleState {
  if (state.sync !== 'live' || state.me === null) {
    const pending = state.pending.length >= maxPendingEvents ? state.pending.slice(1) : state.pending;
    return { ...state, pending: [...pending, event] };
  }
  const stream = streamOf(event, state.me.userId);
  const last = state.sequences[stream];
  if (event.sequence <= last) {
    return state;
  }
  if (event.sequence !== last + 1) {
    // A gap: something was missed. Keep this event (the snapshot may be older than it).
    return { ...state, sync: 'resync', resyncReason: 'gap', pending: [event] };
  }
  return apply({ ...state, sequences: { ...state.sequences, [stream]: event.sequence } }, event);
}

function apply(state: ConsoleState, event: ConsoleEvent): ConsoleState {
  switch (event.type) {
    case 'callQueued':
    case 'callUpdated':
      return { ...state, queue: upsertCard(state.queue, event.card) };
    case 'callRemoved':
      return { ...state, queue: state.queue.filter((card) => card.callId !== event.callId) };
    case 'presenceChanged':
      return applyPresence(state, event.state);
    case 'offerReceived':
      return { ...state, offer: event.offer };
    case 'offerWithdrawn':
      return closeOffer(state, event.offerId, 'console.offerWithdrawn', event.reason);
    case 'callConnected':
      return {
        ...state,
        current: event.call,
        currentEnded: false,
        offer: state.offer?.call.callId === event.call.callId ? null : state.offer,
      };
    case 'callFinished':
      return state.current?.callId === event.callId ? { ...state, currentEnded: true } : state;
  }
}

/** Presences in which a counsellor still has a call on screen (the call itself, then its wrap-up). */
const withCall = new Set(['OnCall', 'WrapUp']);

function applyPresence(state: ConsoleState, presence: CounsellorState): ConsoleState {
  const counsellors = state.counsellors === null ? null : upsertCounsellor(state.counsellors, presence);
  if (state.me === null || presence.userId !== state.me.userId) {
    return { ...state, counsellors };
  }
  // Leaving the call and its wrap-up (back to Available, Break…) closes the current-call panel.
  const callOver = !withCall.has(presence.presence) && state.current !== null;
  return {
    ...state,
    counsellors,
    me: presence,
    current: callOver ? null : state.current,
    currentEnded: callOver ? false : state.currentEnded,
  };
}

/**
 * Reasons that need no toast: the counsellor's own decline, and failures the server sends its own
 * notice for ("connection-failed", "callback-failed").
 */
export const silentOfferReasons: ReadonlySet<string> = new Set(['declined', 'connection-failed', 'callback-failed']);

/**
 * Takes an offer off the screen and says why. Only the first of the two ways an offer can end
 * (the withdrawal event, the refused accept) finds it on screen, so the counsellor gets one toast.
 */
function closeOffer(state: ConsoleState, offerId: Guid, code: string, reason: string | null): ConsoleState {
  if (state.offer?.offerId !== offerId) {
    return state;
  }
  const callId = state.offer.call.callId;
  const closed = { ...state, offer: null };
  return reason !== null && silentOfferReasons.has(reason) ? closed : addNotice(closed, { code, callId }, reason);
}

function addNotice(state: ConsoleState, notice: ConsoleNotice, detail: string | null): ConsoleState {
  const shown: ShownNotice = {
    id: state.nextNoticeId,
    code: notice.code,
    callId: notice.callId,
    ...(notice.referralId ? { referralId: notice.referralId } : {}),
    detail,
  };
  const notices = [...state.notices, shown];
  return {
    ...state,
    notices: notices.length > maxNotices ? notices.slice(notices.length - maxNotices) : notices,
    nextNoticeId: state.nextNoticeId + 1,
  };
}

/** When the wait started: in the queue, or at reception for voicemail and callback items. */
export function waitingSince(card: CallCard): string {
  return card.queuedAt ?? card.receivedAt;
}

/** The server's board order: higher priority first, then the longest wait, then a stable tie-break. */
export function compareCards(a: CallCard, b: CallCard): number {
  if (a.priority !== b.priority) {
    return b.priority - a.priority;
  }
  const byWait = Date.parse(waitingSince(a)) - Date.parse(waitingSince(b));
  if (byWait !== 0 && !Number.isNaN(byWait)) {
    return byWait;
  }
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0;
}

function sortQueue(queue: readonly CallCard[]): CallCard[] {
  return [...queue].sort(compareCards);
}

function upsertCard(queue: readonly CallCard[], card: CallCard): CallCard[] {
  return sortQueue([...queue.filter((existing) => existing.callId !== card.callId), card]);
}

function sortCounsellors(counsellors: readonly CounsellorState[]): CounsellorState[] {
  return [...counsellors].sort(
    (a, b) => a.displayName.localeCompare(b.displayName, 'fr') || a.userName.localeCompare(b.userName),
  );
}

function upsertCounsellor(counsellors: readonly CounsellorState[], state: CounsellorState): CounsellorState[] {
  return sortCounsellors([...counsellors.filter((existing) => existing.userId !== state.userId), state]);
}

// --- Selectors -------------------------------------------------------------------------------
