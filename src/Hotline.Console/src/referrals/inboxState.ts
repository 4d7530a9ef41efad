// The inbox's state: a pure reducer over list loads and live referral cards (no React, no fetch).
//
// - A card is the referral's whole state with a version: the highest version seen wins, whatever
//   order loads and hub events arrive in.
// - The counts are the server's (over everything the reader may see). A live card moves them when
//   its previous state is known or it is new; otherwise (a change to a card this list never held,
//   e.g. behind a filter) they cannot be adjusted and the list is marked stale, to be reloaded.
// - The hub has no replay for referrals: whatever may have been missed (a reconnect, events during a
//   load) ends in a reload.

import type { Guid, ReferralCard, ReferralState } from '../api/contract';
import { type ReferralList, referralStates } from './referralApi';

/** The chips: everything, the overdue ones, or one state. */
export type InboxView = 'all' | 'overdue' | ReferralState;

export const inboxViews: readonly InboxView[] = ['all', 'overdue', ...referralStates];

/** The server's two orders (ReferralSort): what needs action first, or the nearest deadline first. */
export type InboxSort = 'Priority' | 'Deadline';

export const inboxSorts: readonly InboxSort[] = ['Priority', 'Deadline'];

export interface InboxFilters {
  view: InboxView;
  /** An urgency level id of the taxonomy, or null for any. */
  urgency: string | null;
  /** A reference searched for ("2026-000123", or its number "123"); none when absent. */
  reference?: string | null;
  /** Priority when absent. */
  sort?: InboxSort;
}

export interface InboxCounts {
  total: number;
  overdue: number;
  byState: Record<ReferralState, number>;
}

export interface InboxState {
  filters: InboxFilters;
  /** `initial` until the first list arrives; `failed` when the last load failed. */
  status: 'initial' | 'ready' | 'failed';
  loading: boolean;
  /** The load whose answer is awaited: answers of older loads are dropped. */
  loadId: number;
  /** Every card known, at its highest version (those of the last load and those that arrived live). */
  cards: Readonly<Record<Guid, ReferralCard>>;
  counts: InboxCounts;
  /** The server stopped at the limit: there may be more. */
  truncated: boolean;
  /** Cards that arrived while a load was in flight (its answer may predate them). */
  arrivedDuringLoad: ReferralCard[];
  /** The counts (or the list) may be wrong: reload. */
  stale: boolean;
  /** The last new referral, to announce (seq changes with each). */
  announcement: { seq: number; card: ReferralCard } | null;
}

export type InboxAction =
  /** Load again with the same filters (a reconnect, stale counts). */
  | { type: 'reload' }
  | { type: 'filter'; filters: InboxFilters }
  | { type: 'loaded'; loadId: number; list: ReferralList; limit: number }
  | { type: 'loadFailed'; loadId: number }
  | { type: 'card'; card: ReferralCard; created: boolean };

export const emptyCounts = (): InboxCounts => ({
  total: 0,
  overdue: 0,
  byState: { Sent: 0, Acknowledged: 0, InFollowUp: 0, Closed: 0, Redirected: 0, Recalled: 0 },
});

export const initialInboxState: InboxState = {
  filters: { view: 'all', urgency: null },
  status: 'initial',
  loading: true,
  loadId: 1,
  cards: {},
  counts: emptyCounts(),
  truncated: false,
  arrivedDuringLoad: [],
  stale: false,
  announcement: null,
};

export function inboxReducer(state: InboxState, action: InboxAction): InboxState {
  switch (action.type) {
    case 'reload':
      return { ...state, loading: true, loadId: state.loadId + 1, stale: false, arrivedDuringLoad: [] };
    case 'filter':
      return { ...state, filters: action.filters, loading: true, loadId: state.loadId + 1, stale: false, arrivedDuringLoad: [] };
    case 'loaded':
      return action.loadId === state.loadId ? onLoaded(state, action.list, action.limit) : state;
    case 'loadFailed':
      return action.loadId === state.loadId ? { ...state, loading: false, status: 'failed' } : state;
    case 'card':
      return onCard(state, action.card, action.created);
  }
}

function onLoaded(state: InboxState, list: ReferralList, limit: number): InboxState {
  const cards: Record<Guid, ReferralCard> = {};
  for (const card of list.items) {
    cards[card.id] = card;
  }
  // A card that arrived during the load may be newer than the answer, or missing from it.
  for (const card of state.arrivedDuringLoad) {
    const known = cards[card.id];
    if (!known || known.version < card.version) {
      cards[card.id] = card;
    }
  }
  return {
    ...state,
    status: 'ready',
    loading: false,
    cards,
    counts: { total: list.total, overdue: list.overdue, byState: { ...emptyCounts().byState, ...list.byState } },
    truncated: list.items.length >= limit,
    arrivedDuringLoad: [],
    // Whether the answer's counts include those cards is unknown: count again.
    stale: state.arrivedDuringLoad.length > 0,
  };
}

function onCard(state: InboxState, card: ReferralCard, created: boolean): InboxState {
  const previous = state.cards[card.id];
  if (previous && previous.version >= card.version) {
    return state;
  }
  const counts = previous
    ? move(state.counts, previous, card)
    : created
      ? add(state.counts, card)
      : null;
  const isNew = created && !previous;
  return {
    ...state,
    cards: { ...state.cards, [card.id]: card },
    counts: counts ?? state.counts,
    stale: state.stale || counts === null,
    arrivedDuringLoad: state.loading ? [...state.arrivedDuringLoad, card] : state.arrivedDuringLoad,
    announcement: isNew ? { seq: (state.announcement?.seq ?? 0) + 1, card } : state.announcement,
  };
}

function add(counts: InboxCounts, card: ReferralCard): InboxCounts {
  return {
    total: counts.total + 1,
    overdue: counts.overdue + (card.overdue ? 1 : 0),
    byState: { ...counts.byState, [card.state]: counts.byState[card.state] + 1 },
  };
}

function move(counts: InboxCounts, from: ReferralCard, to: ReferralCard): InboxCounts {
  const byState = { ...counts.byState };
  byState[from.state] = Math.max(0, byState[from.state] - 1);
  byState[to.state] = byState[to.state] + 1;
  return {
    total: counts.total,
    overdue: Math.max(0, counts.overdue + (to.overdue ? 1 : 0) - (from.overdue ? 1 : 0)),
    byState,
  };
}

/**
 * What a reference search matches, as the server reads it (ReferralReferences.Parse): a whole reference exactly,
 * or a number alone in any year; anything else matches nothing.
 */
export function referenceMatcher(text: string): (reference: string) => boolean {
  const match = /^(?:(\d{4})\s*[-/ ]\s*)?(\d{1,6})$/.exec(text.trim());
  if (!match) {
    return () => false;
  }
  const [, year, digits = ''] = match;
  const number = digits.padStart(6, '0');
  return year !== undefined ? (reference) => reference === `${year}-${number}` : (reference) => reference.endsWith(`-${number}`);
}

export function matches(card: ReferralCard, filters: InboxFilters): boolean {
  if (filters.urgency !== null && card.urgency !== filters.urgency) {
    return false;
  }
  if (filters.reference && !referenceMatcher(filters.reference)(card.reference)) {
    return false;
  }
  switch (filters.view) {
    case 'all':
      return true;
    case 'overdue':
      return card.overdue;
    default:
      return card.state === filters.view;
  }
}

const stateRank = (state: ReferralState): number =>
  state === 'Sent' ? 0 : state === 'Acknowledged' || state === 'InFollowUp' ? 1 : 2;

/**
 * The server's order (ReferralService.ListAsync): overdue first, then waiting for acknowledgement,
 * then being followed, then closed or redirected; urgent first; the nearest deadline first.
 */
export function compareCards(a: ReferralCard, b: ReferralCard): number {
  return (
    Number(b.overdue) - Number(a.overdue) ||
    stateRank(a.state) - stateRank(b.state) ||
    Number(b.urgent) - Number(a.urgent) ||
    Date.parse(a.acknowledgeBy) - Date.parse(b.acknowledgeBy) ||
    Date.parse(a.sentAt) - Date.parse(b.sentAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The server's deadline order: those waiting for acknowledgement by deadline (most overdue first), then the others. */
export function compareByDeadline(a: ReferralCard, b: ReferralCard): number {
  return (
    Number(a.state !== 'Sent') - Number(b.state !== 'Sent') ||
    Date.parse(a.acknowledgeBy) - Date.parse(b.acknowledgeBy) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The rows to show: the known cards that match the filters, in the server's order. */
export function shownCards(state: InboxState): ReferralCard[] {
  return Object.values(state.cards)
    .filter((card) => matches(card, state.filters))
    .sort(state.filters.sort === 'Deadline' ? compareByDeadline : compareCards);
}

/** The number on a chip. */
export function viewCount(counts: InboxCounts, view: InboxView): number {
  return view === 'all' ? counts.total : view === 'overdue' ? counts.overdue : counts.byState[view];
}

/** The list request for the filters. */
export function queryFor(filters: InboxFilters): {
  state?: ReferralState;
  overdue?: boolean;
  urgency: string | null;
  reference?: string;
  sort?: InboxSort;
} {
  const base = {
    urgency: filters.urgency,
    ...(filters.reference ? { reference: filters.reference.trim() } : {}),
    ...(filters.sort && filters.sort !== 'Priority' ? { sort: filters.sort } : {}),
  };
  return filters.view === 'all' ? base : filters.view === 'overdue' ? { ...base, overdue: true } : { ...base, state: filters.view };
}
