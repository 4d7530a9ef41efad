import { describe, expect, it } from 'vitest';
import type { LiveStatistics } from '../api/contract';
import { consoleReducer, initialConsoleState } from './consoleReducer';
import { longestWaitNowSeconds, newerStatistics } from './liveStatistics';

function figures(asOf: string, overrides: Partial<LiveStatistics> = {}): LiveStatistics {
  return {
    asOf,
    serviceLevelSeconds: 30,
    waiting: 0,
    longestWaitSeconds: null,
    today: {
      offered: 10,
      answered: 8,
      abandoned: 2,
      shortAbandoned: 1,
      serviceLevelPercent: 75,
      averageSpeedOfAnswerSeconds: 21.5,
      abandonRatePercent: 11.1,
      averageHandleTimeSeconds: 640,
    },
    counsellors: [
      { state: 'Available', count: 2 },
      { state: 'OnCall', count: 1 },
    ],
    hours: [{ hour: 9, today: 4, sameWeekdayLastWeek: 3 }],
    ...overrides,
  };
}

describe('StatisticsChanged in the console state', () => {
  it('shows the first figures, then each newer push', () => {
    const first = figures('2026-12-07T09:00:00+00:00');
    const afterAnswer = figures('2026-12-07T09:00:03+00:00', { today: { ...first.today, answered: 9, serviceLevelPercent: 77.8 } });
    let state = consoleReducer(initialConsoleState, { type: 'statistics', statistics: first });
    expect(state.statistics).toBe(first);
    state = consoleReducer(state, { type: 'statistics', statistics: afterAnswer });
    expect(state.statistics?.today.answered).toBe(9);
    expect(state.statistics?.today.serviceLevelPercent).toBe(77.8);
  });

  it('keeps the newer figures when an older read answers late (the HTTP read raced a push)', () => {
    const pushed = figures('2026-12-07T09:00:05+00:00', { waiting: 3 });
    const read = figures('2026-12-07T09:00:01+00:00', { waiting: 1 });
    const state = consoleReducer(consoleReducer(initialConsoleState, { type: 'statistics', statistics: pushed }), { type: 'statistics', statistics: read });
    expect(state.statistics).toBe(pushed);
  });

  it('takes figures of the same instant (the read after a reconnect) and compares instants, not strings', () => {
    const before = figures('2026-12-07T10:00:00+01:00');
    const same = figures('2026-12-07T09:00:00Z', { waiting: 2 });
    expect(newerStatistics(before, same)).toBe(same);
    expect(newerStatistics(figures('2026-12-07T09:00:01Z'), figures('2026-12-07T10:00:00+01:00'))?.asOf).toBe('2026-12-07T09:00:01Z');
  });

  it('forgets the figures when the session resets', () => {
    const state = consoleReducer(consoleReducer(initialConsoleState, { type: 'statistics', statistics: figures('2026-12-07T09:00:00Z') }), { type: 'reset' });
    expect(state.statistics).toBeNull();
  });
});

describe('the longest wait on the wallboard', () => {
  it('ticks on from the server’s figure between two pushes', () => {
    const statistics = figures('2026-12-07T09:00:00Z', { waiting: 2, longestWaitSeconds: 40 });
    expect(longestWaitNowSeconds(statistics, Date.parse('2026-12-07T09:00:00Z'))).toBe(40);
    expect(longestWaitNowSeconds(statistics, Date.parse('2026-12-07T09:00:15Z'))).toBe(55);
    // A client clock slightly behind the figures' instant never takes the wait backwards.
    expect(longestWaitNowSeconds(statistics, Date.parse('2026-12-07T08:59:58Z'))).toBe(40);
  });

  it('is nothing when nobody waits', () => {
    expect(longestWaitNowSeconds(figures('2026-12-07T09:00:00Z'), Date.parse('2026-12-07T09:00:10Z'))).toBeNull();
    expect(longestWaitNowSeconds(figures('2026-12-07T09:00:00Z', { waiting: 0, longestWaitSeconds: 12 }), Date.parse('2026-12-07T09:00:10Z'))).toBeNull();
  });
});
