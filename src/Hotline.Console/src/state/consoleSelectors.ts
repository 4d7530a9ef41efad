// What the console reads from its state: the connection indicator, the server's clock, waits and alerts. Pure
// functions of the state the reducer (consoleReducer.ts) keeps.

import type { CallCard } from '../api/contract';
import { type ConsoleState, waitingSince } from './consoleReducer';

/** What the connection indicator shows. */
export type DisplayStatus = 'connecting' | 'connected' | 'reconnecting' | 'resyncing' | 'disconnected';

export function displayStatus(state: ConsoleState): DisplayStatus {
  if (state.connection !== 'connected') {
    return state.connection;
  }
  if (state.sync === 'waiting') {
    return 'connecting';
  }
  return state.sync === 'resync' ? 'resyncing' : 'connected';
}

/** True when the controller should ask the hub for a snapshot. */
export function needsSnapshot(state: ConsoleState): boolean {
  return state.connection === 'connected' && state.sync !== 'live';
}

/** The server's clock, from the client's and the offset measured at the last snapshot. */
export function serverNow(state: Pick<ConsoleState, 'serverOffsetMs'>, clientNowMs: number): number {
  return clientNowMs + state.serverOffsetMs;
}

/** Milliseconds the longest-waiting card has waited (0 for an empty queue). */
export function longestWaitMs(queue: readonly CallCard[], serverNowMs: number): number {
  return queue.reduce((longest, card) => {
    const since = Date.parse(waitingSince(card));
    return Number.isNaN(since) ? longest : Math.max(longest, serverNowMs - since);
  }, 0);
}

/**
 * Callers on the line waiting longer than Console:WaitAlert while no counsellor is Available (the supervisors'
 * alert, shown on their panel for as long as it holds).
 */
export function strandedCalls(state: Pick<ConsoleState, 'queue' | 'counsellors' | 'waitAlertMs'>, serverNowMs: number): CallCard[] {
  if ((state.counsellors ?? []).some((c) => c.presence === 'Available')) {
    return [];
  }
  return state.queue.filter(
    (card) => card.kind === 'Live' && card.status === 'Queued' && serverNowMs - Date.parse(waitingSince(card)) >= state.waitAlertMs,
  );
}

/** Whether the counsellor's phase is the wrap-up after a call. */
export function inWrapUp(state: ConsoleState): boolean {
  return (
    state.current !== null &&
    (state.me?.presence === 'WrapUp' || state.current.wrapUpEndsAt !== null || state.currentEnded)
  );
}
