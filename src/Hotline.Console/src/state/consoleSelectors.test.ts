import { describe, expect, it } from 'vitest';
import { initialConsoleState } from './consoleReducer';
import { longestWaitMs, strandedCalls } from './consoleSelectors';
import { card, connected, me, other, run, snap } from './consoleTestData';

describe('selectors', () => {
  it('finds the longest wait', () => {
    const now = Date.parse('2026-11-01T10:10:00+00:00');
    expect(longestWaitMs([], now)).toBe(0);
    expect(
      longestWaitMs(
        [card('a', { queuedAt: '2026-11-01T10:09:00+00:00' }), card('b', { queuedAt: null, receivedAt: '2026-11-01T10:00:00+00:00' })],
        now,
      ),
    ).toBe(10 * 60 * 1000);
  });

  it('resets to the initial state on logout', () => {
    expect(run(connected, snap(), { type: 'reset' })).toBe(initialConsoleState);
  });
});

describe('strandedCalls', () => {
  const queuedAt = Date.parse('2026-11-01T10:01:00+00:00');
  const state = { queue: [card('a'), card('b', { queuedAt: '2026-11-01T10:02:30+00:00' }), card('c', { status: 'Offered' })], waitAlertMs: 120_000 };

  it('lists callers waiting past the alert time while nobody is available', () => {
    const stranded = strandedCalls({ ...state, counsellors: [{ ...me, presence: 'OnCall' }, other] }, queuedAt + 120_000);
    expect(stranded.map((c) => c.callId)).toEqual(['a']);
  });

  it('lists nothing while a counsellor is available', () => {
    expect(strandedCalls({ ...state, counsellors: [me, other] }, queuedAt + 600_000)).toEqual([]);
  });
});
