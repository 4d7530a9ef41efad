import { describe, expect, it } from 'vitest';
import { enReferrals, frReferrals } from './messages';
import { formatDateTime, formatDeadline, formatRelative, frenchPublicHolidays, workingDaysBetween } from './dates';

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

describe('acknowledgement deadlines', () => {
  const phrases = frReferrals.deadlinePhrases;
  // Intl puts a (narrow) no-break space between a number and its unit, as French typography wants.
  const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
  const at = (iso: string) => Date.parse(iso);
  // Thursday 30 April 2026, 10:00 in Paris; the deadline of an ordinary referral is Tuesday 5 May, 10:00
  // (1 May is a holiday, then the weekend), as the server computes it.
  const sent = at('2026-04-30T08:00:00Z');
  const deadline = at('2026-05-05T08:00:00Z');

  it('count ahead in working days, skipping holidays and weekends', () => {
    expect(plain(formatDeadline(deadline, sent, 'fr', phrases))).toBe('dans 2 jours ouvrés');
    // Monday morning: only Tuesday is left.
    expect(plain(formatDeadline(deadline, at('2026-05-04T07:00:00Z'), 'fr', phrases))).toBe('dans 1 jour ouvré');
    expect(plain(formatDeadline(deadline, sent, 'en', enReferrals.deadlinePhrases))).toBe('in 2 working days');
  });

  it('a deadline at midnight is the end of the day before', () => {
    // Sent on Saturday 2 May: two working days end Wednesday 6 May 00:00 (Paris), i.e. the end of Tuesday.
    expect(plain(formatDeadline(at('2026-05-05T22:00:00Z'), at('2026-05-02T08:00:00Z'), 'fr', phrases))).toBe('dans 2 jours ouvrés');
  });

  it('under a day, in hours or minutes; late, by how much', () => {
    expect(plain(formatDeadline(deadline, at('2026-05-05T05:00:00Z'), 'fr', phrases))).toBe('dans 3 h');
    expect(plain(formatDeadline(deadline, at('2026-05-05T07:35:00Z'), 'fr', phrases))).toBe('dans 25 min');
    expect(plain(formatDeadline(deadline, at('2026-05-05T11:10:00Z'), 'fr', phrases))).toBe('en retard de 3 h');
    expect(plain(formatDeadline(deadline, at('2026-05-08T09:00:00Z'), 'fr', phrases))).toBe('en retard de 3 jours');
    expect(plain(formatDeadline(deadline, at('2026-05-05T08:00:20Z'), 'fr', phrases))).toBe('en retard de 1 min');
  });

  it('know the French public holidays, Easter-based ones included', () => {
    expect([...frenchPublicHolidays(2026)]).toEqual(
      expect.arrayContaining(['2026-04-06', '2026-05-14', '2026-05-25', '2026-05-01', '2026-07-14', '2026-12-25']),
    );
    expect(frenchPublicHolidays(2026).size).toBe(11);
    // Friday 1 May → Monday 4 May: the holiday and the weekend do not count.
    expect(workingDaysBetween('2026-04-30', '2026-05-04')).toBe(1);
    expect(workingDaysBetween('2026-05-04', '2026-05-04')).toBe(0);
  });
});
