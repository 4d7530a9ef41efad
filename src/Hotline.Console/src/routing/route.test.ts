import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './route';

const areas = ['console', 'referrals', 'admin/directory', 'admin/users'];

describe('parseRoute', () => {
  it('finds the area and what follows it', () => {
    expect(parseRoute('#/referrals/abc', areas)).toEqual({ area: 'referrals', rest: ['abc'] });
    expect(parseRoute('#/admin/users', areas)).toEqual({ area: 'admin/users', rest: [] });
  });

  it('returns no area for an empty or unknown hash', () => {
    expect(parseRoute('', areas).area).toBe('');
    expect(parseRoute('#/nowhere/1', areas)).toEqual({ area: '', rest: ['nowhere', '1'] });
    expect(parseRoute('#/admin', areas).area).toBe('');
  });

  it('round-trips encoded segments', () => {
    expect(parseRoute(href('referrals', 'a b/c'), areas)).toEqual({ area: 'referrals', rest: ['a b/c'] });
  });
});
