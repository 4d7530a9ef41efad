import { describe, expect, it } from 'vitest';
import { consoleReducer, maxNotices } from './consoleReducer';
import { inWrapUp } from './consoleSelectors';
import { connected, current, ev, me, offer, run, snap, snapshot } from './consoleTestData';

describe('offers and the current call', () => {
  const live = run(connected, snap());

  it('shows an offer, and hides it when withdrawn', () => {
    let state = consoleReducer(live, ev({ type: 'offerReceived', sequence: 31, offer: offer('o1', 'a') }));
    expect(state.offer?.offerId).toBe('o1');
    // Withdrawal of another (older) offer does not hide this one.
    state = consoleReducer(state, ev({ type: 'offerWithdrawn', sequence: 32, offerId: 'o0', reason: 'expired' }));
    expect(state.offer?.offerId).toBe('o1');
    state = consoleReducer(state, ev({ type: 'offerWithdrawn', sequence: 33, offerId: 'o1', reason: 'expired' }));
    expect(state.offer).toBeNull();
  });

  it('connects the accepted call and closes its offer', () => {
    const state = run(
      connected,
      snap(),
      ev({ type: 'offerReceived', sequence: 31, offer: offer('o1', 'a') }),
      { type: 'offerAccepted', offerId: 'o1', call: current('a') },
      ev({ type: 'presenceChanged', sequence: 32, state: { ...me, presence: 'OnCall', currentCallId: 'a' } }),
      ev({ type: 'callConnected', sequence: 33, call: current('a') }),
    );
    expect(state.offer).toBeNull();
    expect(state.current?.callId).toBe('a');
    expect(state.me?.presence).toBe('OnCall');
    expect(inWrapUp(state)).toBe(false);
  });

  it('reports an offer the server did not let us take, once', () => {
    const state = run(
      connected,
      snap(),
      ev({ type: 'offerReceived', sequence: 31, offer: offer('o1', 'a') }),
      { type: 'offerRefused', offerId: 'o1', reason: 'offer-gone' },
      // The expiry event that raced the accept finds nothing on screen: no second toast.
      ev({ type: 'offerWithdrawn', sequence: 32, offerId: 'o1', reason: 'expired' }),
    );
    expect(state.offer).toBeNull();
    expect(state.notices).toEqual([{ id: 1, code: 'console.offerNotAccepted', callId: 'a', detail: 'offer-gone' }]);
    expect(state.sequences.personal).toBe(32);
  });

  it('says why an offer was withdrawn, except after the counsellor declined it', () => {
    const expired = run(
      connected,
      snap(),
      ev({ type: 'offerReceived', sequence: 31, offer: offer('o1', 'a') }),
      ev({ type: 'offerWithdrawn', sequence: 32, offerId: 'o1', reason: 'expired' }),
    );
    expect(expired.notices.map((n) => [n.code, n.detail])).toEqual([['console.offerWithdrawn', 'expired']]);
    const declined = run(
      connected,
      snap(),
      ev({ type: 'offerReceived', sequence: 31, offer: offer('o1', 'a') }),
      ev({ type: 'offerWithdrawn', sequence: 32, offerId: 'o1', reason: 'declined' }),
    );
    expect(declined.offer).toBeNull();
    expect(declined.notices).toEqual([]);
  });

  it('leaves a failed connection to the server notice', () => {
    const state = run(
      connected,
      snap(),
      ev({ type: 'offerReceived', sequence: 31, offer: offer('o1', 'a') }),
      { type: 'notice', notice: { code: 'connection-failed', callId: 'a' } },
      { type: 'offerRefused', offerId: 'o1', reason: 'connection-failed' },
    );
    expect(state.offer).toBeNull();
    expect(state.notices.map((n) => n.code)).toEqual(['connection-failed']);
  });

  it('hides a declined offer at once', () => {
    const state = run(connected, snap(), ev({ type: 'offerReceived', sequence: 31, offer: offer('o1', 'a') }), {
      type: 'offerDeclined',
      offerId: 'o1',
    });
    expect(state.offer).toBeNull();
  });

  it('keeps the call context through the wrap-up, then closes it', () => {
    let state = run(
      connected,
      snap(snapshot({ me: { ...me, presence: 'OnCall' }, current: current('a') })),
      ev({ type: 'callFinished', sequence: 31, callId: 'a' }),
    );
    expect(state.current?.callId).toBe('a');
    expect(state.currentEnded).toBe(true);
    expect(inWrapUp(state)).toBe(true);
    state = consoleReducer(state, ev({ type: 'presenceChanged', sequence: 32, state: { ...me, presence: 'WrapUp' } }));
    expect(state.current?.callId).toBe('a');
    state = consoleReducer(state, ev({ type: 'presenceChanged', sequence: 33, state: { ...me, presence: 'Available' } }));
    expect(state.current).toBeNull();
    expect(state.currentEnded).toBe(false);
  });

  it('reads the wrap-up from a snapshot', () => {
    const state = run(
      connected,
      snap(snapshot({ me: { ...me, presence: 'WrapUp' }, current: current('a', { wrapUpEndsAt: '2026-11-01T10:11:00+00:00' }) })),
    );
    expect(inWrapUp(state)).toBe(true);
  });

  it('ignores the end of a call that is not the current one', () => {
    const state = run(connected, snap(snapshot({ current: current('a') })), ev({ type: 'callFinished', sequence: 31, callId: 'zzz' }));
    expect(state.currentEnded).toBe(false);
    expect(state.sequences.personal).toBe(31);
  });
});

describe('notices', () => {
  it('numbers notices, keeps the last few, and dismisses by id', () => {
    let state = run(connected, snap());
    for (let i = 0; i < maxNotices + 2; i++) {
      state = consoleReducer(state, { type: 'notice', notice: { code: `N${i}`, callId: null } });
    }
    expect(state.notices).toHaveLength(maxNotices);
    expect(state.notices[0]?.code).toBe('N2');
    const id = state.notices[0]!.id;
    state = consoleReducer(state, { type: 'noticeDismissed', id });
    expect(state.notices.map((n) => n.id)).not.toContain(id);
  });

  it('does not need to be live (notices are not sequenced)', () => {
    const state = run({ type: 'notice', notice: { code: 'CallFailed', callId: 'a' } });
    expect(state.notices).toHaveLength(1);
  });

  it('keeps the referral an overdue-referral alert is about, so the toast can link to it', () => {
    const state = run({ type: 'notice', notice: { code: 'supervisor-alert.ReferralOverdue', callId: 'a', referralId: 'r' } });
    expect(state.notices[0]?.referralId).toBe('r');
  });
});
