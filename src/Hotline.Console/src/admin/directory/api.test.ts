import { describe, expect, it } from 'vitest';
import { directoryQuery, noDirectoryFilters, writeFailure } from './api';

describe('directoryQuery', () => {
  it('is empty without filters', () => {
    expect(directoryQuery(noDirectoryFilters)).toBe('');
    expect(directoryQuery({ ...noDirectoryFilters, search: '   ' })).toBe('');
  });

  it('sends every filter set, trimmed, and codes upper-case', () => {
    const query = directoryQuery({
      search: ' CMER de Tarascon ',
      departement: '2a',
      commune: '13108',
      kind: 'CommuneCell',
      status: 'Active',
      toComplete: 'false',
      demo: 'true',
    });
    const params = new URLSearchParams(query.slice(1));
    expect(query.startsWith('?')).toBe(true);
    expect(Object.fromEntries(params)).toEqual({
      search: 'CMER de Tarascon',
      departement: '2A',
      commune: '13108',
      kind: 'CommuneCell',
      status: 'Active',
      toComplete: 'false',
      demo: 'true',
    });
  });

  it('escapes what it sends', () => {
    expect(directoryQuery({ ...noDirectoryFilters, search: 'a&b=c' })).toBe('?search=a%26b%3Dc');
  });
});

describe('writeFailure', () => {
  it('tells field errors, rule conflicts, a missing service and other failures apart', () => {
    expect(writeFailure({ status: 400, errors: { name: ['name is required.'] } })).toEqual({ kind: 'invalid', errors: { name: ['name is required.'] } });
    const conflict = { rule: 'no-two-active-commune-cells-per-commune', message: 'Commune 13108 …', serviceIds: ['a', 'b'] };
    expect(writeFailure({ status: 409, detail: 'Commune 13108 …', conflicts: [conflict] })).toEqual({
      kind: 'conflict',
      conflicts: [conflict],
      detail: 'Commune 13108 …',
    });
    expect(writeFailure({ status: 404 })).toEqual({ kind: 'notFound' });
    expect(writeFailure({ status: 400, title: 'Antiforgery token validation failed' })).toEqual({
      kind: 'failed',
      status: 400,
      title: 'Antiforgery token validation failed',
    });
    expect(writeFailure({ status: 500 })).toEqual({ kind: 'failed', status: 500, title: null });
  });
});
