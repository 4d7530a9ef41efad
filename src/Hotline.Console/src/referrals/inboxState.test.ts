import { describe, expect, it } from 'vitest';
import type { ReferralCard, ReferralState } from '../api/contract';
import {
  compareByDeadline,
  compareCards,
  emptyCounts,
  type InboxState,
  inboxReducer,
  initialInboxState,
  queryFor,
  referenceMatcher,
  shownCards,
  viewCount,
} from './inboxState';
import { inboxParameters, type ReferralList } from './referralApi';

let next = 0;
function card(overrides: Partial<ReferralCard> = {}): ReferralCard {
  next++;
  return {
    id: `00000000-0000-0000-0000-${String(next).padStart(12, '0')}`,
    reference: `2026-${String(next).padStart(6, '0')}`,
    senderName: 'Ligne nationale d’écoute',
    ageBand: 'From16To17',
    callId: `10000000-0000-0000-0000-${String(next).padStart(12, '0')}`,
    state: 'Sent',
    serviceId: 'c0000000-0000-0000-0000-000000000001',
    serviceName: 'CMER de Tarascon',
    serviceKind: 'CommuneCell',
    departementCode: '13',
    departementName: 'Bouches-du-Rhône',
    communeCode: '13108',
    communeName: 'Tarascon',
    urgency: 'concern',
    urgent: false,
    sentAt: '2026-05-04T08:00:00Z',
    acknowledgeBy: '2026-05-06T08:00:00Z',
    overdue: false,
    previousReferralId: null,
    redirectedToId: null,
    version: 1,
    ...overrides,
  };
}

function list(items: ReferralCard[], counts?: Partial<ReferralList>): ReferralList {
  const byState = emptyCounts().byState;
  for (const item of items) {
    byState[item.state]++;
  }
  return {
    total: items.length,
    overdue: items.filter((item) => item.overdue).length,
    byState,
    items,
    ...counts,
  };
}

function loaded(items: ReferralCard[], state: InboxState = initialInboxState, limit = 200): InboxState {
  return inboxReducer(state, { type: 'loaded', loadId: state.loadId, list: list(items), limit });
}

const ids = (state: InboxState) => shownCards(state).map((c) => c.id);

describe('live cards', () => {
  it('keeps the highest version whatever the order cards arrive in', () => {
    const sent = card({ version: 1 });
    let state = loaded([sent]);
    const acknowledged = { ...sent, state: 'Acknowledged' as ReferralState, version: 2 };
    const inFollowUp = { ...sent, state: 'InFollowUp' as ReferralState, version: 3 };

    state = inboxReducer(state, { type: 'card', card: inFollowUp, created: false });
    state = inboxReducer(state, { type: 'card', card: acknowledged, created: false }); // late: ignored
    state = inboxReducer(state, { type: 'card', card: sent, created: true }); // a replayed creation: ignored

    expect(state.cards[sent.id]?.state).toBe('InFollowUp');
    expect(state.counts.byState).toMatchObject({ Sent: 0, Acknowledged: 0, InFollowUp: 1 });
    expect(state.counts.total).toBe(1);
    expect(state.stale).toBe(false);
  });

  it('inserts a new referral at its place, counts it and announces it once', () => {
    const overdue = card({ overdue: true, acknowledgeBy: '2026-05-01T08:00:00Z' });
    const later = card({ acknowledgeBy: '2026-05-09T08:00:00Z' });
    let state = loaded([overdue, later]);
    const arriving = card({ acknowledgeBy: '2026-05-05T08:00:00Z', communeName: 'Tarascon' });

    state = inboxReducer(state, { type: 'card', card: arriving, created: true });

    expect(ids(state)).toEqual([overdue.id, arriving.id, later.id]);
    expect(state.counts.total).toBe(3);
    expect(state.counts.byState.Sent).toBe(3);
    expect(state.announcement).toEqual({ seq: 1, card: arriving });

    // Its next change is not a new referral.
    state = inboxReducer(state, { type: 'card', card: { ...arriving, state: 'Acknowledged', version: 2 }, created: false });
    expect(state.announcement?.seq).toBe(1);
    expect(state.counts.byState).toMatchObject({ Sent: 2, Acknowledged: 1 });
  });

  it('moves a card out of a state view when its state changes (a referral redirected away leaves)', () => {
    const staying = card();
    const leaving = card();
    let state = inboxReducer(initialInboxState, { type: 'filter', filters: { view: 'Sent', urgency: null } });
    state = loaded([staying, leaving], state);

    state = inboxReducer(state, {
      type: 'card',
      card: { ...leaving, state: 'Redirected', redirectedToId: 'f0000000-0000-0000-0000-000000000001', version: 2 },
      created: false,
    });

    expect(ids(state)).toEqual([staying.id]);
    expect(state.counts.byState).toMatchObject({ Sent: 1, Redirected: 1 });
    expect(viewCount(state.counts, 'Sent')).toBe(1);
    expect(viewCount(state.counts, 'all')).toBe(2);

    // In the "all" view it stays, with its new state.
    state = inboxReducer(state, { type: 'filter', filters: { view: 'all', urgency: null } });
    expect(ids(state)).toContain(leaving.id);
  });

  it('updates the overdue count when an escalation marks a card overdue, and when it is acknowledged', () => {
    const waiting = card();
    let state = loaded([waiting]);
    state = inboxReducer(state, { type: 'card', card: { ...waiting, overdue: true, version: 2 }, created: false });
    expect(state.counts.overdue).toBe(1);
    expect(viewCount(state.counts, 'overdue')).toBe(1);

    state = inboxReducer(state, { type: 'card', card: { ...waiting, overdue: false, state: 'Acknowledged', version: 3 }, created: false });
    expect(state.counts.overdue).toBe(0);
  });

  it('marks the list stale when a card it never held changes (its previous state is unknown)', () => {
    let state = inboxReducer(initialInboxState, { type: 'filter', filters: { view: 'Closed', urgency: null } });
    state = inboxReducer(state, {
      type: 'loaded',
      loadId: state.loadId,
      list: list([], { total: 4, byState: { Sent: 4, Acknowledged: 0, InFollowUp: 0, Closed: 0, Redirected: 0 } }),
      limit: 200,
    });
    const unseen = card({ state: 'Acknowledged', version: 2 });

    state = inboxReducer(state, { type: 'card', card: unseen, created: false });

    expect(state.stale).toBe(true);
    expect(state.counts.total).toBe(4); // unchanged until the reload
    expect(ids(state)).toEqual([]); // not Closed: not shown

    state = inboxReducer(state, { type: 'reload' });
    expect(state.stale).toBe(false);
    expect(state.loading).toBe(true);
  });
});

describe('loads', () => {
  it('drops the answer of an older load (filters changed meanwhile)', () => {
    const first = initialInboxState.loadId;
    let state = inboxReducer(initialInboxState, { type: 'filter', filters: { view: 'overdue', urgency: null } });
    state = inboxReducer(state, { type: 'loaded', loadId: first, list: list([card()]), limit: 200 });
    expect(state.status).toBe('initial');
    expect(state.cards).toEqual({});

    state = inboxReducer(state, { type: 'loadFailed', loadId: first });
    expect(state.status).toBe('initial');
    state = inboxReducer(state, { type: 'loadFailed', loadId: state.loadId });
    expect(state.status).toBe('failed');
  });

  it('keeps a card that arrived during the load when the answer is older, and counts again', () => {
    const existing = card({ version: 3 });
    let state = loaded([existing]);
    state = inboxReducer(state, { type: 'reload' });
    const changed = { ...existing, state: 'Acknowledged' as ReferralState, version: 4 };
    const created = card();
    state = inboxReducer(state, { type: 'card', card: changed, created: false });
    state = inboxReducer(state, { type: 'card', card: created, created: true });

    // The answer was computed before both.
    state = inboxReducer(state, { type: 'loaded', loadId: state.loadId, list: list([existing]), limit: 200 });

    expect(state.cards[existing.id]?.version).toBe(4);
    expect(state.cards[created.id]).toBeDefined();
    expect(state.stale).toBe(true);
    expect(state.loading).toBe(false);
  });

  it('says when the server stopped at the limit', () => {
    expect(loaded([card(), card()], initialInboxState, 2).truncated).toBe(true);
    expect(loaded([card()], initialInboxState, 2).truncated).toBe(false);
  });
});

describe('order and filters', () => {
  it('sorts as the server does: overdue, waiting, followed, finished; urgent first; nearest deadline first', () => {
    const closed = card({ state: 'Closed', acknowledgeBy: '2026-05-01T00:00:00Z' });
    const followed = card({ state: 'InFollowUp', acknowledgeBy: '2026-05-01T00:00:00Z' });
    const waitingLate = card({ acknowledgeBy: '2026-05-08T00:00:00Z' });
    const waitingSoon = card({ acknowledgeBy: '2026-05-05T00:00:00Z' });
    const urgent = card({ urgent: true, acknowledgeBy: '2026-05-09T00:00:00Z' });
    const overdue = card({ overdue: true, acknowledgeBy: '2026-05-02T00:00:00Z' });

    const sorted = [closed, followed, waitingLate, waitingSoon, urgent, overdue].sort(compareCards);

    expect(sorted.map((c) => c.id)).toEqual([overdue, urgent, waitingSoon, waitingLate, followed, closed].map((c) => c.id));
  });

  it('filters by view and urgency, and the chips count over everything', () => {
    const serious = card({ urgency: 'serious-concern', overdue: true });
    const concern = card({ urgency: 'concern', state: 'Acknowledged' });
    let state = loaded([serious, concern]);

    state = inboxReducer(state, { type: 'filter', filters: { view: 'all', urgency: 'serious-concern' } });
    expect(ids(state)).toEqual([serious.id]);
    state = inboxReducer(state, { type: 'filter', filters: { view: 'overdue', urgency: null } });
    expect(ids(state)).toEqual([serious.id]);
    state = inboxReducer(state, { type: 'filter', filters: { view: 'Acknowledged', urgency: null } });
    expect(ids(state)).toEqual([concern.id]);

    expect(viewCount(state.counts, 'all')).toBe(2);
    expect(viewCount(state.counts, 'overdue')).toBe(1);
    expect(viewCount(state.counts, 'Sent')).toBe(1);
    expect(viewCount(state.counts, 'Closed')).toBe(0);
  });

  it('asks the server for what the chips and the urgency select say', () => {
    expect(inboxParameters({ ...queryFor({ view: 'all', urgency: null }), limit: 200 })).toEqual({ limit: 200 });
    expect(inboxParameters({ ...queryFor({ view: 'overdue', urgency: 'concern' }), limit: 50 })).toEqual({
      urgency: 'concern',
      overdue: true,
      limit: 50,
    });
    expect(inboxParameters({ ...queryFor({ view: 'InFollowUp', urgency: null }), limit: 200 })).toEqual({
      state: ['InFollowUp'],
      limit: 200,
    });
  });
});

describe('references and the deadline order', () => {
  it('a reference search matches a whole reference, or a number in any year, and nothing else', () => {
    expect(referenceMatcher('2026-000123')('2026-000123')).toBe(true);
    expect(referenceMatcher(' 2026-123 ')('2026-000123')).toBe(true);
    expect(referenceMatcher('2025-000123')('2026-000123')).toBe(false);
    expect(referenceMatcher('123')('2027-000123')).toBe(true);
    expect(referenceMatcher('123')('2026-001234')).toBe(false);
    expect(referenceMatcher('Tarascon')('2026-000123')).toBe(false);
  });

  it('a live card outside the search is not shown', () => {
    const wanted = card();
    const other = card();
    let state = inboxReducer(initialInboxState, { type: 'filter', filters: { view: 'all', urgency: null, reference: wanted.reference } });
    state = inboxReducer(state, { type: 'loaded', loadId: state.loadId, list: list([wanted]), limit: 200 });
    state = inboxReducer(state, { type: 'card', card: other, created: true });
    expect(shownCards(state).map((c) => c.id)).toEqual([wanted.id]);
  });

  it('sorts by the nearest deadline when asked, whatever the urgency', () => {
    const urgentLater = card({ urgent: true, acknowledgeBy: '2026-05-06T12:00:00Z' });
    const ordinarySooner = card({ acknowledgeBy: '2026-05-06T08:00:00Z' });
    const acknowledged = card({ state: 'Acknowledged', acknowledgeBy: '2026-05-01T08:00:00Z' });
    expect([acknowledged, urgentLater, ordinarySooner].sort(compareCards).map((c) => c.id)).toEqual([
      urgentLater.id,
      ordinarySooner.id,
      acknowledged.id,
    ]);
    expect([acknowledged, urgentLater, ordinarySooner].sort(compareByDeadline).map((c) => c.id)).toEqual([
      ordinarySooner.id,
      urgentLater.id,
      acknowledged.id,
    ]);
  });

  it('asks the server for the search and the order', () => {
    expect(inboxParameters({ ...queryFor({ view: 'all', urgency: null, reference: ' 123 ', sort: 'Deadline' }), limit: 200 })).toEqual({
      reference: '123',
      sort: 'Deadline',
      limit: 200,
    });
    expect(inboxParameters({ ...queryFor({ view: 'all', urgency: null, reference: '', sort: 'Priority' }), limit: 200 })).toEqual({
      limit: 200,
    });
  });
});
