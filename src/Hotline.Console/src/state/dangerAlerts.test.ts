import { describe, expect, it } from 'vitest';
import type { DangerAlertView } from '../api/contract';
import { dangerAlertRaised, dangerAlertsFromSnapshot, dangerAlertTaken, noDangerAlerts } from './dangerAlerts';

function alert(id: string, raisedAt: string): DangerAlertView {
  return {
    id,
    callId: `call-${id}`,
    callReceivedAt: '2026-12-07T09:00:00+00:00',
    counsellorName: 'Écoutant·e 1',
    departementCode: '84',
    departementName: 'Vaucluse',
    emergencyServices: 'LineContacted',
    raisedAt,
  };
}

describe('danger alerts', () => {
  it('stacks several alerts oldest first and announces only the one that arrived', () => {
    const later = alert('b', '2026-12-07T09:05:00+00:00');
    const earlier = alert('a', '2026-12-07T09:01:00+00:00');
    const state = dangerAlertRaised(dangerAlertRaised(noDangerAlerts, later), earlier);
    expect(state.open.map((a) => a.id)).toEqual(['a', 'b']);
    expect(state.announce).toEqual(['a']);
    // The same alert again (a snapshot, a repeated event) is not announced again.
    expect(dangerAlertRaised(state, earlier)).toBe(state);
    expect(dangerAlertsFromSnapshot(state, [earlier, later]).announce).toEqual(['a']);
  });

  it('announces the open alerts of the first snapshot (a reload, a sign-in)', () => {
    const state = dangerAlertsFromSnapshot(noDangerAlerts, [alert('a', '2026-12-07T09:01:00+00:00')]);
    expect(state.open).toHaveLength(1);
    expect(state.announce).toEqual(['a']);
    expect(dangerAlertsFromSnapshot(noDangerAlerts, null).open).toEqual([]);
  });

  it('removes an alert taken in charge, and an older snapshot does not bring it back', () => {
    const a = alert('a', '2026-12-07T09:01:00+00:00');
    const taken = dangerAlertTaken(dangerAlertRaised(noDangerAlerts, a), 'a');
    expect(taken.open).toEqual([]);
    expect(taken.announce).toEqual([]);
    expect(dangerAlertsFromSnapshot(taken, [a]).open).toEqual([]);
    expect(dangerAlertRaised(taken, a).open).toEqual([]);
  });
});
