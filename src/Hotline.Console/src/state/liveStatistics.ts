// The supervisors' live figures: the newest wins, whether it came from GET /api/statistics/live (first
// load, after a reconnect) or from the hub's StatisticsChanged. A read that answers after a push it
// preceded must not take the wallboard back in time.

import type { LiveStatistics } from '../api/contract';

export function newerStatistics(current: LiveStatistics | null, incoming: LiveStatistics): LiveStatistics | null {
  if (current === null) {
    return incoming;
  }
  const currentAt = Date.parse(current.asOf);
  const incomingAt = Date.parse(incoming.asOf);
  if (Number.isNaN(incomingAt)) {
    return current;
  }
  return Number.isNaN(currentAt) || incomingAt >= currentAt ? incoming : current;
}

/**
 * The longest wait now: the server's figure at `asOf`, plus the time since (the callers still wait
 * between two pushes). Null when nobody waits.
 */
export function longestWaitNowSeconds(statistics: LiveStatistics, serverNowMs: number): number | null {
  if (statistics.waiting === 0 || statistics.longestWaitSeconds === null || statistics.longestWaitSeconds === undefined) {
    return null;
  }
  const asOf = Date.parse(statistics.asOf);
  const since = Number.isNaN(asOf) ? 0 : Math.max(0, (serverNowMs - asOf) / 1000);
  return statistics.longestWaitSeconds + since;
}
