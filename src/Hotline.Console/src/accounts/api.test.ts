import { describe, expect, it } from 'vitest';
import { firstError, isTotp, isValidUserName, parseCodes } from './api';

describe('account helpers', () => {
  it('tells an authenticator code from a recovery code', () => {
    expect(isTotp('123456')).toBe(true);
    expect(isTotp('123 456')).toBe(true);
    expect(isTotp('123-456')).toBe(true);
    expect(isTotp('12345')).toBe(false);
    expect(isTotp('ABCDE-12345')).toBe(false);
    expect(isTotp('1234567')).toBe(false);
  });

  it('reads territory codes as an admin types them', () => {
    expect(parseCodes('13, 84 2a')).toEqual(['13', '84', '2A']);
    expect(parseCodes(' 13108;13108 , ')).toEqual(['13108']);
    expect(parseCodes('')).toEqual([]);
  });

  it('checks user names as the server does', () => {
    expect(isValidUserName('coordinator84')).toBe(true);
    expect(isValidUserName('cmer-tarascon')).toBe(true);
    expect(isValidUserName('jean.dupont_2')).toBe(true);
    expect(isValidUserName('ab')).toBe(false);
    expect(isValidUserName('Jean')).toBe(false);
    expect(isValidUserName('-start')).toBe(false);
    expect(isValidUserName('with space')).toBe(false);
  });

  it('picks the first message of a field', () => {
    expect(firstError({ departements: ['Unknown département code(s): 99.'] }, 'departements')).toBe('Unknown département code(s): 99.');
    expect(firstError({}, 'communes')).toBeNull();
  });
});
