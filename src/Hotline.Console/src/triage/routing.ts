// What the referral part of the triage shows: the routing decision with its reason before sending,
// the transfer basis a commune cell needs, the sending, and the receipt. A pure reducer: the component
// performs the requests and reports their results here.

import type { ProblemErrors, ReferralPreview, ReferralReceipt, RoutingView } from './api';

export type RoutingState =
  /** The outcome does not refer the family anywhere. */
  | { phase: 'hidden' }
  /** Changes are being saved: the decision follows the saved triage, so it is shown again after the save. */
  | { phase: 'waiting'; routing: RoutingView | null }
  | { phase: 'loading'; routing: RoutingView | null; changedFrom: string | null }
  /**
   * The decision, ready to send. changedFrom: the service the counsellor had seen, when the server
   * refused to send because routing changed since (409): nothing was sent, the new decision is shown.
   */
  | { phase: 'ready'; routing: RoutingView; changedFrom: string | null; errors: ProblemErrors; failed: boolean }
  /** Send was clicked: the preview of exactly what the recipient would receive is being fetched. */
  | { phase: 'previewing'; routing: RoutingView }
  /** The preview is shown with the one confirmation naming the service. */
  | { phase: 'confirming'; routing: RoutingView; preview: ReferralPreview }
  | { phase: 'sending'; routing: RoutingView }
  /** again: the server answered with the referral already sent (a second click, another tab). */
  | { phase: 'sent'; receipt: ReferralReceipt; again: boolean }
  | { phase: 'unavailable'; routing: RoutingView | null };

export type RoutingAction =
  | { type: 'hide' }
  | { type: 'stale' }
  | { type: 'load' }
  /** The referral sent was recalled: its receipt gives way to the routing again, to send the corrected triage. */
  | { type: 'sendAgain' }
  | { type: 'loaded'; routing: RoutingView }
  | { type: 'loadFailed' }
  | { type: 'preview' }
  | { type: 'previewed'; preview: ReferralPreview }
  /** The counsellor did not confirm: back to the decision, nothing sent. */
  | { type: 'cancel' }
  | { type: 'send' }
  | { type: 'sent'; receipt: ReferralReceipt; created: boolean }
  /** 409: routing changed since it was shown (or the triage is no longer a referral); reload it. */
  | { type: 'conflict' }
  | { type: 'sendInvalid'; errors: ProblemErrors }
  | { type: 'sendFailed' };

export const initialRoutingState: RoutingState = { phase: 'hidden' };

function shown(state: RoutingState): RoutingView | null {
  switch (state.phase) {
    case 'waiting':
    case 'loading':
    case 'ready':
    case 'previewing':
    case 'confirming':
    case 'sending':
    case 'unavailable':
      return state.routing;
    default:
      return null;
  }
}

export function routingReducer(state: RoutingState, action: RoutingAction): RoutingState {
  // Once sent, the referral exists whatever the triage becomes: its receipt stays.
  if (state.phase === 'sent') {
    return action.type === 'sendAgain' ? { phase: 'loading', routing: null, changedFrom: null } : state;
  }
  switch (action.type) {
    case 'hide':
      return state.phase === 'sending' ? state : { phase: 'hidden' };
    case 'stale':
      return state.phase === 'sending' ? state : { phase: 'waiting', routing: shown(state) };
    case 'load':
      return state.phase === 'sending'
        ? state
        : { phase: 'loading', routing: shown(state), changedFrom: state.phase === 'loading' ? state.changedFrom : null };
    case 'loaded': {
      if (action.routing.sent !== null) {
        return { phase: 'sent', receipt: action.routing.sent, again: false };
      }
      const before = state.phase === 'loading' ? state.changedFrom : null;
      // Only say it changed when it did (a 409 can also come from an outcome changed elsewhere).
      const changedFrom = before !== null && before !== (action.routing.decision.service?.name ?? null) ? before : null;
      return { phase: 'ready', routing: action.routing, changedFrom, errors: {}, failed: false };
    }
    case 'loadFailed':
      return { phase: 'unavailable', routing: shown(state) };
    case 'preview':
      return state.phase === 'ready' && state.routing.canSend ? { phase: 'previewing', routing: state.routing } : state;
    case 'previewed':
      return state.phase === 'previewing' ? { phase: 'confirming', routing: state.routing, preview: action.preview } : state;
    case 'cancel':
      return state.phase === 'confirming' || state.phase === 'previewing'
        ? { phase: 'ready', routing: state.routing, changedFrom: null, errors: {}, failed: false }
        : state;
    case 'send':
      return (state.phase === 'ready' || state.phase === 'confirming') && state.routing.canSend ? { phase: 'sending', routing: state.routing } : state;
    case 'sent':
      return { phase: 'sent', receipt: action.receipt, again: !action.created };
    case 'sendAgain':
      // Only a receipt gives way to the routing again.
      return state;
    case 'conflict': {
      const seen = shown(state)?.decision.service?.name ?? null;
      return { phase: 'loading', routing: shown(state), changedFrom: seen ?? '' };
    }
    case 'sendInvalid':
      return state.phase === 'sending' || state.phase === 'previewing'
        ? { phase: 'ready', routing: state.routing, changedFrom: null, errors: action.errors, failed: false }
        : state;
    case 'sendFailed':
      return state.phase === 'sending' || state.phase === 'previewing'
        ? { phase: 'ready', routing: state.routing, changedFrom: null, errors: {}, failed: true }
        : state;
  }
}

/** Whether the Send button may be used: a decision with a service, and the commune cell's basis chosen. */
/**
 * The choice as it applies to the decision shown: a purpose or legal basis chosen for another service's kind (the
 * decision changed since) is not in its lists, so it counts as not chosen.
 */
export function offered(routing: RoutingView, purpose: string, legalBasis: string): { purpose: string; legalBasis: string } {
  return {
    purpose: routing.purposes.some((choice) => choice.code === purpose) ? purpose : '',
    legalBasis: routing.legalBases.some((choice) => choice.code === legalBasis) ? legalBasis : '',
  };
}

export function canSend(state: RoutingState, purpose: string, legalBasis: string): boolean {
  if (state.phase !== 'ready' || !state.routing.canSend || state.routing.decision.service === null) {
    return false;
  }
  return !state.routing.requiresTransferBasis || (purpose !== '' && legalBasis !== '');
}
