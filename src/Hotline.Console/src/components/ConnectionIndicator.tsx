import { useI18n } from '../i18n/i18n';
import { useConsole, useConsoleState } from '../realtime';
import { displayStatus } from '../state';

/** Connected / reconnecting / resyncing, announced politely; a button when the connection is lost. */
export function ConnectionIndicator() {
  const { m } = useI18n();
  const { connection } = useConsole();
  const status = displayStatus(useConsoleState());
  return (
    <div className="connection">
      <span className={`connection__state connection__state--${status}`} role="status" aria-label={m.connection.label}>
        <span className="connection__dot" aria-hidden="true" />
        {m.connection.states[status]}
      </span>
      {status === 'disconnected' ? (
        <button type="button" className="button button--small button--on-dark" onClick={() => void connection.start()}>
          {m.connection.retry}
        </button>
      ) : null}
    </div>
  );
}
