import { describe, expect, it } from 'vitest';
import { enRegister, frRegister } from './messages';
import { timeSpanDays } from './api';

describe('the register', () => {
  it('reads .NET periods in whole days', () => {
    expect(timeSpanDays('365.00:00:00')).toBe(365);
    expect(timeSpanDays('61.00:00:00')).toBe(61);
    expect(timeSpanDays('04:00:00')).toBe(0);
    expect(timeSpanDays('not a period')).toBeNaN();
  });

  it('names every configured period in both languages', () => {
    expect(Object.keys(enRegister.settings).sort()).toEqual(Object.keys(frRegister.settings).sort());
    expect(frRegister.days(1)).toBe('1 jour');
    expect(frRegister.days(183)).toBe('183 jours');
  });
});
