import { useI18n } from '../i18n/i18n';
import { useConsoleState } from '../realtime';
import { longestWaitMs, serverNow, strandedCalls } from '../state';
import { formatDuration, useNow } from '../time/time';
import { HeldMessages } from './HeldMessages';

/** Supervisors: the queue at a glance and every counsellor with their presence and time in state. */
export function SupervisionPanel() {
  const { m } = useI18n();
  const state = useConsoleState();
  const now = serverNow(state, useNow());
  const counsellors = state.counsellors ?? [];
  const available = counsellors.filter((c) => c.presence === 'Available').length;
  const onCall = counsellors.filter((c) => c.presence === 'OnCall').length;
  // The held list is read again as soon as the server says holding started, not at the next poll.
  const heldAlert = state.notices.filter((notice) => notice.code === 'supervisor-alert.WebMessagesHeld').at(-1)?.id ?? 0;
  const stranded = strandedCalls(state, now).length;

  return (
    <section className="panel supervision-panel" aria-labelledby="supervision-title">
      <div className="panel__header">
        <h2 id="supervision-title">{m.supervision.title}</h2>
      </div>
      {stranded > 0 ? (
        <p className="supervision-panel__alert" role="alert" data-testid="wait-alert">
          {m.supervision.stranded(stranded, Math.max(1, Math.round(state.waitAlertMs / 60_000)))}
        </p>
      ) : null}
      <dl className="stats">
        <div className="stat">
          <dt>{m.supervision.waiting}</dt>
          <dd>{state.queue.length}</dd>
        </div>
        <div className="stat">
          <dt>{m.supervision.longestWait}</dt>
          <dd>{formatDuration(longestWaitMs(state.queue, now))}</dd>
        </div>
        <div className="stat">
          <dt>{m.supervision.available}</dt>
          <dd>{available}</dd>
        </div>
        <div className="stat">
          <dt>{m.supervision.onCall}</dt>
          <dd>{onCall}</dd>
        </div>
      </dl>
      <HeldMessages refreshKey={heldAlert} />
      <h3 className="current-panel__subtitle" id="counsellors-title">
        {m.supervision.counsellors}
      </h3>
      {counsellors.length === 0 ? (
        <p>{m.supervision.none}</p>
      ) : (
        <table className="counsellors" aria-labelledby="counsellors-title">
          <thead>
            <tr>
              <th scope="col">{m.supervision.name}</th>
              <th scope="col">{m.supervision.presence}</th>
              <th scope="col" className="counsellors__time">
                {m.supervision.timeInState}
              </th>
            </tr>
          </thead>
          <tbody>
            {counsellors.map((c) => (
              <tr key={c.userId}>
                <th scope="row">
                  <span className="counsellors__name">{c.displayName || c.userName}</span>
                  <span className="counsellors__login">{c.userName}</span>
                </th>
                <td>
                  <span className={`pill pill--${c.presence}`}>{m.presence.names[c.presence]}</span>
                </td>
                <td className="counsellors__time">
                  <time dateTime={c.since}>{formatDuration(now - Date.parse(c.since))}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
