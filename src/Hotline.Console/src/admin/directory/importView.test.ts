import { describe, expect, it } from 'vitest';
import type { ImportReport } from './api';
import { canImport, errorLines, importView } from './importView';

const report = (overrides: Partial<ImportReport>): ImportReport => ({
  dryRun: true,
  imported: false,
  rows: 3,
  created: 2,
  updated: 1,
  errors: [],
  ...overrides,
});

describe('importView', () => {
  it('lets a clean dry run go ahead with its counts', () => {
    expect(importView({ ok: true, data: report({}), status: 200 }, true)).toEqual({ phase: 'ready', rows: 3, created: 2, updated: 1 });
  });

  it('shows every row error of a dry run, in file order, and counts the lines', () => {
    const view = importView(
      {
        ok: true,
        status: 200,
        data: report({
          created: 0,
          updated: 0,
          errors: [
            { row: 4, column: 'status', message: 'Not one of Active, Inactive.', rule: null },
            { row: 2, column: 'communes', message: '"13150" is not an INSEE commune code.', rule: null },
            { row: 2, column: '', message: 'Malformed CSV (quote).', rule: null },
            { row: 4, column: 'communes', message: 'Two cells.', rule: 'no-two-active-commune-cells-per-commune' },
          ],
        }),
      },
      true,
    );
    expect(view).toEqual({
      phase: 'invalid',
      rows: 3,
      linesWithErrors: 2,
      errors: [
        { row: 2, column: null, message: 'Malformed CSV (quote).', rule: null },
        { row: 2, column: 'communes', message: '"13150" is not an INSEE commune code.', rule: null },
        { row: 4, column: 'communes', message: 'Two cells.', rule: 'no-two-active-commune-cells-per-commune' },
        { row: 4, column: 'status', message: 'Not one of Active, Inactive.', rule: null },
      ],
    });
  });

  it('reports a saved import, and a refused one as nothing imported', () => {
    expect(importView({ ok: true, data: report({ dryRun: false, imported: true }), status: 200 }, false)).toEqual({
      phase: 'imported',
      rows: 3,
      created: 2,
      updated: 1,
    });
    const refused = importView(
      { ok: false, problem: { status: 409, title: null, rowErrors: [{ row: 2, column: 'communes', message: 'Two cells.', rule: 'r' }] } },
      false,
    );
    expect(refused).toMatchObject({ phase: 'rejected', status: 409, linesWithErrors: 1 });
    // A 200 that imported nothing is not a success.
    expect(importView({ ok: true, data: report({ dryRun: false, imported: false }), status: 200 }, false)).toMatchObject({ phase: 'failed' });
    expect(importView({ ok: false, problem: { status: 413 } }, true)).toEqual({ phase: 'failed', status: 413, title: null });
  });
});

describe('errorLines', () => {
  it('lists a message once even if the server repeats it', () => {
    const error = { row: 2, column: 'status', message: 'Rule.', rule: 'r' };
    expect(errorLines([error, error])).toHaveLength(1);
  });
});

describe('canImport', () => {
  const file = { name: 'a.csv' };
  const ready = importView({ ok: true, data: report({}), status: 200 }, true);

  it('needs a clean dry run of the very file that would be sent', () => {
    expect(canImport(ready, file, file)).toBe(true);
    expect(canImport(ready, file, { name: 'a.csv' })).toBe(false);
    expect(canImport(ready, null, file)).toBe(false);
    expect(canImport(null, file, file)).toBe(false);
    const invalid = importView({ ok: true, data: report({ errors: [{ row: 2, column: 'id', message: 'x', rule: null }] }), status: 200 }, true);
    expect(canImport(invalid, file, file)).toBe(false);
    expect(canImport(importView({ ok: true, data: report({ rows: 0, created: 0, updated: 0 }), status: 200 }, true), file, file)).toBe(false);
  });
});
