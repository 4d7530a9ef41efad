// What the import screen shows for an answer of the import endpoint: pure, so it is tested offline.

import type { ApiResult, ImportError, ImportReport } from './api';

export interface ImportErrorLine {
  /** The file's line: 1 is the header, the first service is line 2. */
  row: number;
  /** The column, or null when the error is about the whole line (a malformed record, a missing row). */
  column: string | null;
  message: string;
  /** Set when a directory rule is broken rather than a field. */
  rule: string | null;
}

export type ImportView =
  /** A dry run with no error: the import may go ahead, with these counts. */
  | { phase: 'ready'; rows: number; created: number; updated: number }
  /** A dry run that found errors: nothing may be imported until the file is fixed. */
  | { phase: 'invalid'; rows: number; errors: ImportErrorLine[]; linesWithErrors: number }
  /** The real import saved every row. */
  | { phase: 'imported'; rows: number; created: number; updated: number }
  /** The real import was refused as a whole (the directory changed since the dry run, or a rule): nothing imported. */
  | { phase: 'rejected'; status: number; errors: ImportErrorLine[]; linesWithErrors: number }
  | { phase: 'failed'; status: number; title: string | null };

/** Errors in file order (line, then column), each once. */
export function errorLines(errors: readonly ImportError[]): ImportErrorLine[] {
  const seen = new Set<string>();
  const lines: ImportErrorLine[] = [];
  for (const error of errors) {
    const line: ImportErrorLine = {
      row: error.row,
      column: error.column.trim() === '' ? null : error.column,
      message: error.message,
      rule: error.rule ?? null,
    };
    const key = `${line.row}\u0000${line.column ?? ''}\u0000${line.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      lines.push(line);
    }
  }
  return lines.sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
}

function linesWithErrors(errors: readonly ImportErrorLine[]): number {
  return new Set(errors.map((e) => e.row)).size;
}

export function importView(result: ApiResult<ImportReport>, dryRun: boolean): ImportView {
  if (!result.ok) {
    const { status, rowErrors, title } = result.problem;
    if ((status === 400 || status === 409) && rowErrors !== undefined) {
      const errors = errorLines(rowErrors);
      return { phase: 'rejected', status, errors, linesWithErrors: linesWithErrors(errors) };
    }
    return { phase: 'failed', status, title: title ?? null };
  }
  const report = result.data;
  const errors = errorLines(report.errors ?? []);
  if (errors.length > 0) {
    return dryRun
      ? { phase: 'invalid', rows: report.rows, errors, linesWithErrors: linesWithErrors(errors) }
      : { phase: 'rejected', status: 200, errors, linesWithErrors: linesWithErrors(errors) };
  }
  if (dryRun) {
    return { phase: 'ready', rows: report.rows, created: report.created, updated: report.updated };
  }
  // A real import answers 200 only when everything was saved; anything else is not a success.
  return report.imported
    ? { phase: 'imported', rows: report.rows, created: report.created, updated: report.updated }
    : { phase: 'failed', status: 200, title: null };
}

/** The import button: only after a clean dry run of the very file that would be sent. */
export function canImport(view: ImportView | null, checkedFile: unknown, currentFile: unknown): boolean {
  return view?.phase === 'ready' && view.rows > 0 && checkedFile !== null && checkedFile === currentFile;
}
