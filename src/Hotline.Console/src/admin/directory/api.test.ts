import { describe, expect, it } from 'vitest';
import { directoryQuery, importResult, noDirectoryFilters, writeFailure } from './api';

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
    expect(writeFailure(400, { errors: { name: ['name is required.'] } })).toEqual({ kind: 'invalid', errors: { name: ['name is required.'] } });
    const conflict = { rule: 'no-two-active-commune-cells-per-commune', message: 'Commune 13108 …', serviceIds: ['a', 'b'] };
    expect(writeFailure(409, { detail: 'Commune 13108 …', conflicts: [conflict] })).toEqual({
      kind: 'conflict',
      conflicts: [conflict],
      detail: 'Commune 13108 …',
    });
    expect(writeFailure(404, {})).toEqual({ kind: 'notFound' });
    expect(writeFailure(400, { title: 'Antiforgery token validation failed' })).toEqual({
      kind: 'failed',
      status: 400,
      title: 'Antiforgery token validation failed',
    });
    expect(writeFailure(500, {})).toEqual({ kind: 'failed', status: 500, title: null });
  });
});

describe('importResult', () => {
  const report = { dryRun: true, imported: false, rows: 2, created: 1, updated: 1, errors: [] };

  it('reads a report, a refusal with its row errors, and a failure', () => {
    expect(importResult(200, report)).toEqual({ kind: 'report', report });
    const rowErrors = [{ row: 3, column: 'communes', message: 'bad', rule: null }];
    expect(importResult(400, { title: 'The file has errors; nothing was imported.', rowErrors })).toEqual({
      kind: 'rejected',
      status: 400,
      errors: rowErrors,
      title: 'The file has errors; nothing was imported.',
    });
    expect(importResult(409, { rowErrors })).toMatchObject({ kind: 'rejected', status: 409 });
    expect(importResult(400, { title: 'The body is empty: send the CSV (text/csv).' })).toEqual({
      kind: 'failed',
      status: 400,
      title: 'The body is empty: send the CSV (text/csv).',
    });
    expect(importResult(413, null)).toEqual({ kind: 'failed', status: 413, title: null });
  });
});
