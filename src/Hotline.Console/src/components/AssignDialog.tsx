import { type FormEvent, useId, useRef, useState } from 'react';
import type { CallCard } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { useConsole, useConsoleState } from '../realtime';
import { locationText } from './callText';
import { MotiveBadge } from './MotiveBadge';
import { useModalDialog } from '../dialog/useModalDialog';

/** Supervisors: give a waiting call to a counsellor (a modal, so the queue cards keep their height). */
export function AssignDialog({ card, onClose }: { card: CallCard; onClose: () => void }) {
  const { m } = useI18n();
  const { connection } = useConsole();
  const state = useConsoleState();
  const ref = useRef<HTMLDialogElement>(null);
  useModalDialog(ref);
  const titleId = useId();
  const selectId = useId();
  const counsellors = state.counsellors ?? [];
  // The server offers an assigned call only to an Available counsellor: the others are listed, disabled.
  const available = counsellors.find((c) => c.presence === 'Available');
  const [userId, setUserId] = useState<string>(available?.userId ?? '');
  const chosenAvailable = counsellors.some((c) => c.userId === userId && c.presence === 'Available');
  const [busy, setBusy] = useState(false);
  const stillWaiting = state.queue.some((c) => c.callId === card.callId);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!userId || !stillWaiting) {
      return;
    }
    setBusy(true);
    const done = await connection.assignCall(card.callId, userId);
    setBusy(false);
    if (done) {
      onClose();
    }
  }

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id={titleId}>{m.assign.title}</h2>
        <p className="dialog__summary">
          <MotiveBadge motive={card.motive} /> {locationText(card, m)}
        </p>
        {!stillWaiting ? (
          <p className="form-error" role="alert">
            {m.assign.gone}
          </p>
        ) : null}
        {available === undefined ? (
          <p role="status">{m.assign.noneAvailable}</p>
        ) : null}
        {counsellors.length === 0 ? null : (
          <div className="field">
            <label htmlFor={selectId}>{m.assign.counsellor}</label>
            <select id={selectId} value={userId} onChange={(e) => setUserId(e.target.value)}>
              {available === undefined ? <option value="">—</option> : null}
              {counsellors.map((c) => (
                <option key={c.userId} value={c.userId} disabled={c.presence !== 'Available'}>
                  {m.assign.option(c.displayName || c.userName, m.presence.names[c.presence])}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={onClose}>
            {m.assign.cancel}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !chosenAvailable || !stillWaiting}>
            {m.assign.submit}
          </button>
        </div>
      </form>
    </dialog>
  );
}
