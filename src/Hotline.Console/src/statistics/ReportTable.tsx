import { useI18n } from '../i18n/i18n';
import type { ReportRow } from './api';
import { formatCount, formatHours, formatPercent, formatSeconds } from './format';

/** The referral states that have a column: those any row counts (in the order the server lists them). */
function statesOf(rows: readonly ReportRow[]): string[] {
  const states: string[] = [];
  for (const row of rows) {
    for (const count of row.referralsByState) {
      if (!states.includes(count.state)) {
        states.push(count.state);
      }
    }
  }
  return states;
}

/** A report's rows and total as a table (what the CSV holds too), "< 5" where a count is withheld. */
export function ReportTable({ caption, rows, total, keyHeader }: { caption: string; rows: readonly ReportRow[]; total: ReportRow; keyHeader: string }) {
  const { m, language } = useI18n();
  const c = m.statistics.columns;
  const states = statesOf([...rows, total]);
  const stateNames = m.referrals.states as Record<string, string>;

  const cells = (row: ReportRow) => [
    formatCount(row.offered, language),
    formatCount(row.answered, language),
    formatCount(row.abandoned, language),
    formatPercent(row.serviceLevelPercent, language),
    formatSeconds(row.averageSpeedOfAnswerSeconds),
    formatPercent(row.abandonRatePercent, language),
    formatSeconds(row.averageHandleTimeSeconds),
    formatCount(row.referrals, language),
    formatCount(row.referralsOverdue, language),
    formatHours(row.medianHoursToAcknowledge, language),
    ...states.map((state) => formatCount(row.referralsByState.find((count) => count.state === state)?.count, language)),
  ];

  return (
    // Wider than a narrow window: it scrolls, and the keyboard must reach it to scroll it (a focusable, named region).
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="stat-table report-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyHeader}</th>
            <th scope="col">{c.offered}</th>
            <th scope="col">{c.answered}</th>
            <th scope="col">{c.abandoned}</th>
            <th scope="col">{c.serviceLevel}</th>
            <th scope="col">{c.averageSpeedOfAnswer}</th>
            <th scope="col">{c.abandonRate}</th>
            <th scope="col">{c.averageHandleTime}</th>
            <th scope="col">{c.referrals}</th>
            <th scope="col">{c.referralsOverdue}</th>
            <th scope="col">{c.medianToAcknowledge}</th>
            {states.map((state) => (
              <th scope="col" key={state}>
                {c.byState(stateNames[state] ?? state)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-key={row.key}>
              <th scope="row">{row.label}</th>
              {cells(row).map((cell, index) => (
                <td key={index}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{m.statistics.total}</th>
            {cells(total).map((cell, index) => (
              <td key={index}>{cell}</td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
