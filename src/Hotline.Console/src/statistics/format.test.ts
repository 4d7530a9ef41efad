import { describe, expect, it } from 'vitest';
import { formatCount, formatDay, formatHours, formatPercent, formatSeconds, isoDate, monthRange, previousMonth } from './format';

// Intl writes French numbers with narrow no-break spaces: compare with plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('statistics formatting', () => {
  it('writes a withheld count as "< 5", never as a number', () => {
    expect(formatCount(null, 'fr')).toBe('< 5');
    expect(formatCount(undefined, 'en')).toBe('< 5');
    expect(formatCount(0, 'fr')).toBe('0');
    expect(plain(formatCount(12345, 'fr'))).toBe('12 345');
    expect(formatCount(12345, 'en')).toBe('12,345');
  });

  it('writes percentages from 0 to 100 with one decimal at most, a dash without a value', () => {
    expect(plain(formatPercent(87.5, 'fr'))).toBe('87,5 %');
    expect(formatPercent(87.5, 'en')).toBe('87.5%');
    expect(plain(formatPercent(100, 'fr'))).toBe('100 %');
    expect(plain(formatPercent(0, 'fr'))).toBe('0 %');
    expect(formatPercent(null, 'fr')).toBe('—');
    expect(formatPercent(Number.NaN, 'fr')).toBe('—');
  });

  it('writes durations in seconds as people read them', () => {
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(42.4)).toBe('42 s');
    expect(formatSeconds(59.6)).toBe('1 min 00 s');
    expect(formatSeconds(125)).toBe('2 min 05 s');
    expect(formatSeconds(3720)).toBe('1 h 02 min');
    expect(formatSeconds(null)).toBe('—');
  });

  it('writes a median time to acknowledge in hours, in days from two days on', () => {
    expect(formatHours(3.54, 'fr')).toBe('3,5 h');
    expect(formatHours(3.54, 'en')).toBe('3.5 h');
    expect(formatHours(50.4, 'fr')).toBe('2,1 j');
    expect(formatHours(50.4, 'en')).toBe('2.1 d');
    expect(formatHours(null, 'fr')).toBe('—');
  });

  it('gives a month’s first and last day', () => {
    expect(monthRange('2026-11')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthRange('2026-13')).toBeNull();
    expect(monthRange('nope')).toBeNull();
  });

  it('takes the previous month for the monthly report, across a new year', () => {
    expect(previousMonth(new Date(2026, 11, 7))).toBe('2026-11');
    expect(previousMonth(new Date(2027, 0, 3))).toBe('2026-12');
    expect(isoDate(new Date(2026, 0, 5))).toBe('2026-01-05');
    expect(formatDay('2026-11-03', 'fr')).toBe('03/11/2026');
    expect(formatDay('not a day', 'fr')).toBe('not a day');
  });
});
