import { describe, expect, it } from 'vitest';
import { isInternationalNumber } from './answering';

describe('answering phone number', () => {
  it('takes what the server takes: E.164, spaces allowed', () => {
    expect(isInternationalNumber('+33612345678')).toBe(true);
    expect(isInternationalNumber('+33 6 12 34 56 78')).toBe(true);
    expect(isInternationalNumber('0612345678')).toBe(false);
    expect(isInternationalNumber('+0612345678')).toBe(false);
    expect(isInternationalNumber('06 12')).toBe(false);
    expect(isInternationalNumber('+33 6 12 34 56 78 90 12 34')).toBe(false);
  });
});
