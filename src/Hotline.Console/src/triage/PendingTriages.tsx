import { useCallback, useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { href } from '../routing/route';
import { getMyPendingCalls, type MyCallsView } from './api';
import './triage.css';

type Loaded = { kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; list: MyCallsView };

/**
 * "To complete": the counsellor's recent calls whose triage is not finished (not started, no outcome,
 * or a referral to send). Each opens the triage in the console (#/console/triage/{callId}).
 */
export function PendingTriages() {
  const { m, language } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const titleId = useId();

  const refresh = useCallback(() => {
    void getMyPendingCalls().then((result) => setLoaded(result.ok ? { kind: 'ready', list: result.data } : { kind: 'failed' }));
  }, []);

  useEffect(() => {
    refresh();
    // Back to the tab (a form completed in another one): the list may have changed.
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, [refresh]);

  const format = new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  const calls = loaded.kind === 'ready' ? loaded.list.calls : [];

  return (
    <section className="pending" aria-labelledby={titleId}>
      <div className="pending__header">
        <h3 id={titleId}>
          {m.triage.pending.title}
          {loaded.kind === 'ready' && calls.length > 0 ? <span className="pending__count"> ({calls.length})</span> : null}
        </h3>
        <button type="button" className="button button--small" onClick={refresh}>
          {m.triage.pending.refresh}
        </button>
      </div>
      {loaded.kind === 'failed' ? (
        <p className="triage__error">{m.triage.pending.failed}</p>
      ) : loaded.kind === 'ready' ? (
        calls.length === 0 ? (
          <p className="triage__muted">{m.triage.pending.none}</p>
        ) : (
          <>
            <p className="triage__muted">{m.triage.pending.intro(loaded.list.days)}</p>
            <ul className="pending__list">
              {calls.map((call) => {
                const when = format.format(new Date(call.answeredAt ?? call.receivedAt));
                const place =
                  call.departementName && call.departementCode
                    ? m.queue.location.departement(call.departementName, call.departementCode)
                    : m.triage.pending.unknownPlace;
                return (
                  <li key={call.callId} className={`pending__item pending__item--${call.progress}`}>
                    <a href={href('console', 'triage', call.callId)}>
                      <span className="pending__when">{when}</span>
                      <span className="pending__what">
                        {call.kind === 'Live' ? m.queue.motives[call.motive] : m.queue.kinds[call.kind]} · {place}
                      </span>
                      <span className="pending__progress">{m.triage.pending.progress[call.progress]}</span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </>
        )
      ) : null}
    </section>
  );
}
