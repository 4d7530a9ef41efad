import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';

export interface DataRow {
  key: string;
  /** The row's header cell (a day, a département, a motive…). */
  header: string;
  cells: readonly string[];
}

/**
 * A chart's or a map's figures as a real table: always there for screen readers (visually hidden),
 * shown on screen on demand.
 */
export function DataTable({
  caption,
  headers,
  rows,
  footer,
}: {
  caption: string;
  headers: readonly string[];
  rows: readonly DataRow[];
  footer?: DataRow;
}) {
  const { m } = useI18n();
  const [shown, setShown] = useState(false);
  const tableId = useId();
  return (
    <div className="data-table">
      <button type="button" className="button button--small data-table__toggle" aria-expanded={shown} aria-controls={tableId} onClick={() => setShown(!shown)}>
        {shown ? m.statistics.hideTable : m.statistics.showTable}
      </button>
      <div id={tableId} className={shown ? 'table-scroll' : 'visually-hidden'}>
        <StatTable caption={caption} headers={headers} rows={rows} footer={footer} />
      </div>
    </div>
  );
}

/** The table itself: one header row, row headers in the first column, an optional total row. */
export function StatTable({ caption, headers, rows, footer }: { caption: string; headers: readonly string[]; rows: readonly DataRow[]; footer?: DataRow | undefined }) {
  return (
    <table className="stat-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {headers.map((header) => (
            <th key={header} scope="col">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.header}</th>
            {row.cells.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
      {footer ? (
        <tfoot>
          <tr>
            <th scope="row">{footer.header}</th>
            {footer.cells.map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
