import { useEffect, useState } from 'react';
import type { CurrentUser } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { href, navigate } from '../routing/route';
import { fetchReport, type StatisticsReport } from './api';
import { DepartementMap } from './DepartementMap';
import { formatCount, formatHours, formatPercent, formatSeconds, monthRange, previousMonth } from './format';
import { CallsChart, departementChoices, departementNames, problemText } from './reportParts';
import { ReportTable } from './ReportTable';

interface MonthlyReports {
  byDay: StatisticsReport;
  byMotive: StatisticsReport;
  byOutcome: StatisticsReport;
}

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; key: string; reports: MonthlyReports };

/**
 * One département's month (the same report endpoint by day, motive and outcome), laid out to be printed
 * or saved as PDF from the browser: the print stylesheet drops the navigation and the controls, and
 * starts each section on a new A4 page.
 */
export function MonthlyReport({ user, departement, month }: { user: CurrentUser; departement: string | null; month: string | null }) {
  const { m, language } = useI18n();
  const t = m.statistics;
  const choices = departementChoices(user);
  const chosen = choices.find((choice) => choice.code === departement)?.code ?? choices[0]?.code ?? null;
  const chosenMonth = month !== null && monthRange(month) !== null ? month : previousMonth(new Date());
  const range = monthRange(chosenMonth);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const key = `${chosen ?? ''}/${chosenMonth}`;

  // The address says which report: one the user may not read, or a missing part, is replaced by the first allowed.
  useEffect(() => {
    if (chosen !== null && (chosen !== departement || chosenMonth !== month)) {
      window.history.replaceState(null, '', href('statistics', 'monthly', chosen, chosenMonth));
    }
  }, [chosen, chosenMonth, departement, month]);

  useEffect(() => {
    if (chosen === null || range === null) {
      return;
    }
    let current = true;
    const query = { from: range.from, to: range.to, departement: chosen };
    void Promise.all([
      fetchReport({ ...query, groupBy: 'Day' }),
      fetchReport({ ...query, groupBy: 'Motive' }),
      fetchReport({ ...query, groupBy: 'Outcome' }),
    ]).then(([byDay, byMotive, byOutcome]) => {
      if (!current) {
        return;
      }
      if (byDay.ok && byMotive.ok && byOutcome.ok) {
        setLoad({ kind: 'loaded', key: `${chosen}/${chosenMonth}`, reports: { byDay: byDay.data, byMotive: byMotive.data, byOutcome: byOutcome.data } });
      } else {
        const problem = [byDay, byMotive, byOutcome].find((result) => !result.ok);
        setLoad({ kind: 'failed', message: problem && !problem.ok ? problemText(problem.problem, m) : t.failed });
      }
    });
    return () => {
      current = false;
    };
    // range is derived from chosenMonth.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosen, chosenMonth, m, t.failed]);

  const name = chosen ? (departementNames.get(chosen) ?? chosen) : '';
  const monthName = range ? new Date(`${range.from}T12:00:00`).toLocaleDateString(language === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', year: 'numeric' }) : chosenMonth;
  const reports = load.kind === 'loaded' && load.key === key ? load.reports : null;
  const total = reports?.byDay.total;
  const c = t.columns;

  return (
    <article className="monthly-report" aria-labelledby="monthly-title">
      <div className="monthly-report__controls no-print">
        <a href={href('statistics')}>{t.monthly.back}</a>
        <label>
          {t.monthly.departement}
          <select value={chosen ?? ''} onChange={(e) => navigate('statistics', 'monthly', e.target.value, chosenMonth)} data-testid="monthly-departement">
            {choices.map((choice) => (
              <option key={choice.code} value={choice.code}>
                {`${choice.code} — ${choice.name}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.monthly.month}
          <input
            type="month"
            value={chosenMonth}
            onChange={(e) => {
              if (chosen && monthRange(e.target.value)) {
                navigate('statistics', 'monthly', chosen, e.target.value);
              }
            }}
          />
        </label>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          {t.monthly.print}
        </button>
      </div>
      <h1 id="monthly-title">{t.monthly.heading(`${name} (${chosen ?? ''})`, monthName)}</h1>
      {chosen === null ? <p>{t.monthly.chooseDepartement}</p> : null}
      {load.kind === 'loading' || (load.kind === 'loaded' && reports === null) ? <p role="status">{t.loading}</p> : null}
      {load.kind === 'failed' ? (
        <p className="form-error" role="alert">
          {load.message}
        </p>
      ) : null}
      {reports && total && chosen ? (
        <>
          <section className="report-section">
            <h2>{t.monthly.summary}</h2>
            {reports.byDay.smallCountsSuppressed ? <p className="statistics__note">{t.suppressedNote}</p> : null}
            <dl className="stats report-summary">
              <Figure label={c.offered} value={formatCount(total.offered, language)} />
              <Figure label={c.answered} value={formatCount(total.answered, language)} />
              <Figure label={c.abandoned} value={formatCount(total.abandoned, language)} />
              <Figure label={c.serviceLevel} value={formatPercent(total.serviceLevelPercent, language)} />
              <Figure label={c.averageSpeedOfAnswer} value={formatSeconds(total.averageSpeedOfAnswerSeconds)} />
              <Figure label={c.abandonRate} value={formatPercent(total.abandonRatePercent, language)} />
              <Figure label={c.referrals} value={formatCount(total.referrals, language)} />
              <Figure label={c.referralsOverdue} value={formatCount(total.referralsOverdue, language)} />
              <Figure label={c.medianToAcknowledge} value={formatHours(total.medianHoursToAcknowledge, language)} />
            </dl>
            <DepartementMap title={t.map.title} values={new Map([[chosen, total.offered ?? null]])} />
          </section>
          <section className="report-section">
            <h2>{t.monthly.byDay}</h2>
            <CallsChart title={t.monthly.byDay} rows={reports.byDay.rows} categoryHeader={t.groupBy.Day} height={240} />
            <ReportTable caption={t.monthly.byDay} rows={reports.byDay.rows} total={reports.byDay.total} keyHeader={t.groupBy.Day} />
          </section>
          <section className="report-section">
            <h2>{t.monthly.byMotive}</h2>
            <ReportTable caption={t.monthly.byMotive} rows={reports.byMotive.rows} total={reports.byMotive.total} keyHeader={t.groupBy.Motive} />
            <h2>{t.monthly.byOutcome}</h2>
            <ReportTable caption={t.monthly.byOutcome} rows={reports.byOutcome.rows} total={reports.byOutcome.total} keyHeader={t.groupBy.Outcome} />
          </section>
          <p className="monthly-report__footer">{t.monthly.generated(new Date().toLocaleDateString(language === 'fr' ? 'fr-FR' : 'en-GB'))}</p>
        </>
      ) : null}
    </article>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
