import { useEffect, useMemo, useState } from 'react';
import type { Presence } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { useConsole, useConsoleState } from '../realtime';
import { longestWaitNowSeconds, serverNow } from '../state';
import { type ChartSeries, CountChart, fetchLiveStatistics, formatCount, formatPercent, formatSeconds } from '../statistics';
import { useNow } from '../time/time';

/**
 * Supervisors: today's figures. Read over HTTP when the hub connects (and again after each reconnect,
 * when pushes may have been missed), then kept current by the hub's StatisticsChanged.
 */
export function LiveWallboard() {
  const { m, language } = useI18n();
  const t = m.statistics.wallboard;
  const { store } = useConsole();
  const state = useConsoleState();
  const statistics = state.statistics;
  const now = serverNow(state, useNow());
  const connected = state.connection === 'connected';
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!connected) {
      return;
    }
    let current = true;
    void fetchLiveStatistics().then((result) => {
      if (!current) {
        return;
      }
      setFailed(!result.ok);
      if (result.ok) {
        store.dispatch({ type: 'statistics', statistics: result.data });
      }
    });
    return () => {
      current = false;
    };
  }, [connected, store]);

  const hours = statistics?.hours;
  const categories = useMemo(() => (hours ?? []).map((hour) => t.hourLabel(hour.hour)), [hours, t]);
  const series = useMemo<ChartSeries[]>(
    () => [
      { name: t.today, kind: 'bar', colour: '#1849a9', values: (hours ?? []).map((hour) => hour.today) },
      { name: t.lastWeek, kind: 'line', colour: '#93370d', values: (hours ?? []).map((hour) => hour.sameWeekdayLastWeek) },
    ],
    [hours, t],
  );

  if (statistics === null) {
    return (
      <section className="panel wallboard" aria-labelledby="wallboard-title">
        <h2 id="wallboard-title">{t.title}</h2>
        <p role={failed ? 'alert' : undefined}>{failed ? t.failed : m.statistics.loading}</p>
      </section>
    );
  }

  const today = statistics.today;
  const longestWait = longestWaitNowSeconds(statistics, now);
  const asOf = new Date(statistics.asOf).toLocaleTimeString(language === 'fr' ? 'fr-FR' : 'en-GB', { timeZone: 'Europe/Paris' });

  return (
    <section className="panel wallboard" aria-labelledby="wallboard-title" data-testid="wallboard">
      <div className="panel__header">
        <h2 id="wallboard-title">{t.title}</h2>
        <p className="wallboard__as-of">{t.asOf(asOf)}</p>
      </div>
      <dl className="stats wallboard__figures">
        <Figure label={t.waiting} value={formatCount(statistics.waiting, language)} id="waiting" />
        <Figure label={t.longestWait} value={formatSeconds(longestWait)} id="longest-wait" />
        <Figure label={t.offered} value={formatCount(today.offered, language)} id="offered" />
        <Figure label={t.answered} value={formatCount(today.answered, language)} id="answered" />
        <Figure
          label={t.abandoned}
          value={formatCount(today.abandoned, language)}
          note={today.shortAbandoned > 0 ? t.shortAbandoned(today.shortAbandoned) : undefined}
          id="abandoned"
        />
        <Figure label={t.serviceLevel(statistics.serviceLevelSeconds)} value={formatPercent(today.serviceLevelPercent, language)} id="service-level" />
        <Figure label={t.averageSpeedOfAnswer} value={formatSeconds(today.averageSpeedOfAnswerSeconds)} id="asa" />
        <Figure label={t.abandonRate} value={formatPercent(today.abandonRatePercent, language)} id="abandon-rate" />
        <Figure label={t.averageHandleTime} value={formatSeconds(today.averageHandleTimeSeconds)} id="aht" />
      </dl>
      <div className="wallboard__lower">
        <table className="stat-table wallboard__states">
          <caption>{t.counsellorsByState}</caption>
          <thead>
            <tr>
              <th scope="col">{t.state}</th>
              <th scope="col">{t.count}</th>
            </tr>
          </thead>
          <tbody>
            {statistics.counsellors.map((count) => (
              <tr key={count.state}>
                <th scope="row">
                  <span className={`pill pill--${count.state}`}>{m.presence.names[count.state as Presence] ?? count.state}</span>
                </th>
                <td>{formatCount(count.count, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CountChart title={t.hoursTitle} categories={categories} series={series} categoryHeader={t.hour} height={220} />
      </div>
    </section>
  );
}

function Figure({ label, value, note, id }: { label: string; value: string; note?: string | undefined; id: string }) {
  return (
    <div className="stat" data-figure={id}>
      <dt>{label}</dt>
      <dd>
        {value}
        {note ? <span className="stat__note">{note}</span> : null}
      </dd>
    </div>
  );
}
