// Hash routes ("#/referrals/3f…"): the server serves one page, the fragment picks the area and
// what is open in it. Nothing personal ever goes into a route (ids only).

import { useSyncExternalStore } from 'react';

export interface Route {
  /** The area's path ("console", "referrals", "admin/directory"). */
  area: string;
  /** What follows the area's path ("3f2a…" for a referral), empty when nothing is open. */
  rest: string[];
}

export function parseRoute(hash: string, areaPaths: readonly string[]): Route {
  const segments = hash.replace(/^#\/?/, '').split('/').filter((segment) => segment.length > 0).map(decodeURIComponent);
  // The longest area path that prefixes the hash wins ("admin/users" before "admin").
  const match = [...areaPaths]
    .sort((a, b) => b.split('/').length - a.split('/').length)
    .find((path) => {
      const parts = path.split('/');
      return parts.every((part, index) => segments[index] === part);
    });
  if (match === undefined) {
    return { area: '', rest: segments };
  }
  return { area: match, rest: segments.slice(match.split('/').length) };
}

export function href(area: string, ...rest: string[]): string {
  return `#/${[area, ...rest.map(encodeURIComponent)].join('/')}`;
}

export function navigate(area: string, ...rest: string[]): void {
  window.location.hash = href(area, ...rest);
}

/**
 * The current hash. An external store rather than state plus a listener: React re-reads it once subscribed,
 * so a change made between the first render and the subscription (a link followed as the page appears) is not lost.
 */
export function useHash(): string {
  return useSyncExternalStore(subscribeToHash, currentHash);
}

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHash(): string {
  return window.location.hash;
}
