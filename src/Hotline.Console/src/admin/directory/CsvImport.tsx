import { useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../routing/route';
import { ViewHeading } from '../fields';
import { exportUrl, importCsv } from './api';
import { canImport, type ImportErrorLine, type ImportView, importView } from './importView';
import type { DirectoryMessages } from './messages';

const directoryArea = 'admin/directory';

/**
 * CSV import in two explicit steps: a dry run that reports every row error and saves nothing, then the
 * import, enabled only when the dry run of this very file was clean. The server saves all rows or none.
 */
export function CsvImport() {
  const { m } = useI18n();
  const t = m.directory;
  const fileId = useId();
  const hintId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [checkedFile, setCheckedFile] = useState<File | null>(null);
  const [view, setView] = useState<ImportView | null>(null);
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);

  async function check() {
    if (file === null) {
      return;
    }
    setBusy('checking');
    setView(null);
    const result = await importCsv(file, true);
    setBusy(null);
    setView(importView(result, true));
    setCheckedFile(file);
  }

  async function runImport() {
    if (file === null || !canImport(view, checkedFile, file)) {
      return;
    }
    setBusy('importing');
    const result = await importCsv(file, false);
    setBusy(null);
    setView(importView(result, false));
    // Whatever happened, this file needs a new dry run before another import.
    setCheckedFile(null);
  }

  return (
    <>
      <p>
        <a href={href(directoryArea)}>{t.actions.back}</a>
      </p>
      <ViewHeading>{t.import.title}</ViewHeading>
      <p className="admin__intro">{t.import.intro}</p>
      <p>
        <a href={exportUrl} download="directory.csv">
          {t.import.template}
        </a>
      </p>

      <section className="panel admin-form">
        <div className="field">
          <label htmlFor={fileId}>{t.import.file}</label>
          <p id={hintId} className="field__hint">
            {t.import.fileHint}
          </p>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={hintId}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setView(null);
              setCheckedFile(null);
            }}
          />
        </div>
        <div className="admin-form__actions">
          <button type="button" className="button" disabled={file === null || busy !== null} onClick={() => void check()}>
            {busy === 'checking' ? t.import.checking : t.import.check}
          </button>
          <button
            type="button"
            className="button button--primary"
            disabled={busy !== null || !canImport(view, checkedFile, file)}
            aria-describedby={`${hintId}-import`}
            onClick={() => void runImport()}
          >
            {busy === 'importing' ? t.import.importing : t.import.import}
          </button>
          <span id={`${hintId}-import`} className="field__hint">
            {t.import.importHint}
          </span>
        </div>
      </section>

      <div aria-live="polite" role="status">
        {view !== null ? <Summary view={view} t={t} /> : null}
      </div>
      {view !== null && (view.phase === 'invalid' || view.phase === 'rejected') ? <ErrorTable errors={view.errors} t={t} /> : null}
    </>
  );
}

function Summary({ view, t }: { view: ImportView; t: DirectoryMessages }) {
  switch (view.phase) {
    case 'ready':
      return <p className="admin-success">{t.import.ready(view.rows, view.created, view.updated)}</p>;
    case 'imported':
      return (
        <p className="admin-success">
          {t.import.imported(view.rows, view.created, view.updated)} <a href={href(directoryArea)}>{t.import.toList}</a>
        </p>
      );
    case 'invalid':
      return <p className="admin-alert">{t.import.invalid(view.errors.length, view.linesWithErrors)}</p>;
    case 'rejected':
      return <p className="admin-alert">{t.import.rejected(view.errors.length)}</p>;
    case 'failed':
      return <p className="admin-alert">{t.import.failed(view.status, view.title)}</p>;
  }
}

function ErrorTable({ errors, t }: { errors: ImportErrorLine[]; t: DirectoryMessages }) {
  return (
    <section className="panel">
      <div className="admin-table-wrap">
        <table className="admin-table">
          <caption>{t.import.errors}</caption>
          <thead>
            <tr>
              <th scope="col">{t.import.row}</th>
              <th scope="col">{t.import.column}</th>
              <th scope="col">{t.import.message}</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((error, index) => (
              <tr key={index}>
                <td className="admin-table__nowrap">{t.import.header(error.row)}</td>
                <td className="admin-table__code">{error.column ?? t.import.wholeLine}</td>
                <td>
                  {error.rule !== null && t.rules[error.rule] ? `${t.import.rule(t.rules[error.rule] ?? error.rule)} ` : ''}
                  {error.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
