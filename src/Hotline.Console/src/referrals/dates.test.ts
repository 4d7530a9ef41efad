import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative } from './dates';

describe('referral dates', () => {
  it('are shown in Paris time, summer and winter, whatever the machine’s zone', () => {
    expect(formatDateTime('2026-05-12T12:05:00Z', 'fr')).toContain('14:05');
    expect(formatDateTime('2026-05-12T12:05:00Z', 'fr')).toContain('12 mai 2026');
    expect(formatDateTime('2026-01-12T12:05:00Z', 'fr')).toContain('13:05');
    // Late evening in UTC is already the next day in Paris.
    expect(formatDateTime('2026-05-12T22:30:00Z', 'en')).toContain('13 May 2026');
  });

  it('say how far a deadline is, in minutes, hours, then days', () => {
    const now = Date.parse('2026-05-12T12:00:00Z');
    expect(formatRelative(now + 20_000, now, 'fr')).toBe('maintenant');
    expect(formatRelative(now + 5 * 60_000, now, 'fr')).toBe('dans 5 minutes');
    expect(formatRelative(now - 3 * 3_600_000, now, 'fr')).toBe('il y a 3 heures');
    expect(formatRelative(now + 30 * 3_600_000, now, 'fr')).toBe('dans 30 heures');
    expect(formatRelative(now - 4 * 86_400_000, now, 'en')).toBe('4 days ago');
  });
});
