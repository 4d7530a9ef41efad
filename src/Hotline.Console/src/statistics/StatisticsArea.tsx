import { type FormEvent, useEffect, useState } from 'react';
import type { CurrentUser } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { href, type Route } from '../routing/route';
import { fetchReport, groupByChoices, pickableDepartements, type ReportQuery, reportCsvHref, type StatisticsReport } from './api';
import { DepartementMap } from './DepartementMap';
import { formatDay, isoDate } from './format';
import type { GroupBy } from './messages';
import { MonthlyReport } from './MonthlyReport';
import { CallsChart, departementChoices, offeredByDepartement, problemText } from './reportParts';
import { ReportTable } from './ReportTable';
import './statistics.css';

/**
 * "#/statistics": figures over a period, grouped as the reader chooses; "#/statistics/monthly/{dép}/{yyyy-mm}":
 * the monthly report of one département, to print. Supervisors and administrators see every département,
 * a coordinator their own (the server enforces it; this page offers nothing else).
 */
export function StatisticsArea({ route, user }: { route: Route; user: CurrentUser }) {
  if (route.rest[0] === 'monthly') {
    return <MonthlyReport user={user} departement={route.rest[1] ?? null} month={route.rest[2] ?? null} />;
  }
  return <ReportsPage user={user} />;
}

function initialQuery(user: CurrentUser): ReportQuery {
  const today = new Date();
  const own = pickableDepartements(user);
  return {
    from: isoDate(new Date(today.getFullYear(), 0, 1)),
    to: isoDate(today),
    groupBy: 'Month',
    // A coordinator of one département reads it; of several, all of theirs (the server scopes "all").
    departement: own !== null && own.length === 1 ? (own[0] ?? null) : null,
  };
}

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; report: StatisticsReport; query: ReportQuery };

function ReportsPage({ user }: { user: CurrentUser }) {
  const { m, language } = useI18n();
  const t = m.statistics;
  const [form, setForm] = useState<ReportQuery>(() => initialQuery(user));
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [formError, setFormError] = useState<string | null>(null);
  const choices = departementChoices(user);
  const own = pickableDepartements(user);

  async function show(query: ReportQuery) {
    setLoad({ kind: 'loading' });
    const result = await fetchReport(query);
    setLoad(result.ok ? { kind: 'loaded', report: result.data, query } : { kind: 'failed', message: problemText(result.problem, m) });
  }

  // The first figures as the page opens (the state starts as loading); then each "Afficher" calls show().
  useEffect(() => {
    const query = initialQuery(user);
    let current = true;
    void fetchReport(query).then((result) => {
      if (current) {
        setLoad(result.ok ? { kind: 'loaded', report: result.data, query } : { kind: 'failed', message: problemText(result.problem, m) });
      }
    });
    return () => {
      current = false;
    };
  }, [user, m]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (form.to < form.from) {
      setFormError(t.invalidPeriod);
      return;
    }
    setFormError(null);
    void show(form);
  }

  const loaded = load.kind === 'loaded' ? load : null;
  const groupLabel = loaded ? t.groupBy[loaded.query.groupBy] : '';
  const month = form.to.slice(0, 7);
  const monthlyDepartement = form.departement ?? own?.[0] ?? null;

  return (
    <div className="statistics">
      <h1>{t.title}</h1>
      <p className="statistics__intro">{own === null ? t.intro : t.territoryIntro(own.join(', '))}</p>
      <form className="statistics__filters" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t.filters.legend}</legend>
          <label>
            {t.filters.from}
            <input type="date" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
          </label>
          <label>
            {t.filters.to}
            <input type="date" required value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
          </label>
          <label>
            {t.filters.groupBy}
            <select value={form.groupBy} onChange={(e) => setForm({ ...form, groupBy: e.target.value as GroupBy })}>
              {groupByChoices.map((choice) => (
                <option key={choice} value={choice}>
                  {t.groupBy[choice]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.filters.departement}
            <select
              value={form.departement ?? ''}
              onChange={(e) => setForm({ ...form, departement: e.target.value === '' ? null : e.target.value })}
              data-testid="departement-filter"
            >
              {own === null || own.length > 1 ? <option value="">{t.filters.allDepartements}</option> : null}
              {choices.map((choice) => (
                <option key={choice.code} value={choice.code}>
                  {`${choice.code} — ${choice.name}`}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button--primary">
            {t.filters.show}
          </button>
        </fieldset>
        {formError ? (
          <p className="form-error" role="alert">
            {formError}
          </p>
        ) : null}
      </form>
      {monthlyDepartement ? (
        <p>
          <a href={href('statistics', 'monthly', monthlyDepartement, month)}>{t.monthly.link}</a>
        </p>
      ) : null}
      {load.kind === 'loading' ? <p role="status">{t.loading}</p> : null}
      {load.kind === 'failed' ? (
        <p className="form-error" role="alert">
          {load.message}
        </p>
      ) : null}
      {loaded ? (
        <div className="statistics__result">
          <div className="statistics__actions">
            <a className="button" href={reportCsvHref(loaded.query)} download>
              {t.csv}
            </a>
            {loaded.report.smallCountsSuppressed ? <p className="statistics__note">{t.suppressedNote}</p> : null}
          </div>
          {loaded.report.rows.length === 0 ? <p>{t.empty}</p> : null}
          <div className={loaded.query.groupBy === 'Departement' ? 'statistics__visuals statistics__visuals--two' : 'statistics__visuals'}>
            <CallsChart title={t.chartTitle(groupLabel)} rows={loaded.report.rows} categoryHeader={groupLabel} />
            {loaded.query.groupBy === 'Departement' ? <DepartementMap title={t.map.title} values={offeredByDepartement(loaded.report.rows)} /> : null}
          </div>
          <ReportTable
            caption={t.tableCaption(groupLabel, formatDay(loaded.report.from, language), formatDay(loaded.report.to, language))}
            rows={loaded.report.rows}
            total={loaded.report.total}
            keyHeader={groupLabel}
          />
        </div>
      ) : null}
    </div>
  );
}
