import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { Field } from '../fields';
import { getLegalHold, isGuid, type LegalHoldState, maxReasonLength, setLegalHold } from './api';

type Lookup =
  | { phase: 'idle' }
  | { phase: 'looking' }
  | { phase: 'invalidId' }
  | { phase: 'notFound' }
  | { phase: 'failed'; status: number }
  | { phase: 'found'; callId: string; state: LegalHoldState };

/** What a lookup of `id` shows until the server answers. */
function lookupStart(id: string): Lookup {
  return isGuid(id) ? { phase: 'looking' } : { phase: 'invalidId' };
}

function lookupAnswer(id: string, result: Awaited<ReturnType<typeof getLegalHold>>): Lookup {
  return result.ok
    ? { phase: 'found', callId: id.trim(), state: result.data }
    : result.problem.status === 404
      ? { phase: 'notFound' }
      : { phase: 'failed', status: result.problem.status };
}

/**
 * The legal hold of one call: look it up first (a release is never blind), then set it with its mandatory
 * reason or release it after an explicit confirmation. The server audits the read and the change.
 */
export function LegalHoldPanel({ initialCallId, onChanged }: { initialCallId: string; onChanged: () => void }) {
  const { m } = useI18n();
  const t = m.audit.legalHold;
  const [callId, setCallId] = useState(initialCallId);
  const [lookup, setLookup] = useState<Lookup>(() => (initialCallId !== '' ? lookupStart(initialCallId) : { phase: 'idle' }));
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string[] | undefined>(undefined);
  const [confirmRelease, setConfirmRelease] = useState(false);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const confirmId = useId();

  async function look(id: string) {
    setLookup(lookupStart(id));
    if (isGuid(id)) {
      setLookup(lookupAnswer(id, await getLegalHold(id)));
    }
  }

  // Opened from an audit entry: look its call up at once (the panel is keyed by that call).
  useEffect(() => {
    if (initialCallId !== '') {
      headingRef.current?.focus();
      if (isGuid(initialCallId)) {
        void getLegalHold(initialCallId).then((result) => setLookup(lookupAnswer(initialCallId, result)));
      }
    }
  }, [initialCallId]);

  function submitLookup(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    setError(null);
    setReason('');
    setReasonError(undefined);
    setConfirmRelease(false);
    void look(callId);
  }

  async function change(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (lookup.phase !== 'found') {
      return;
    }
    const hold = !lookup.state.hold;
    if (hold && reason.trim() === '') {
      setReasonError([t.reasonRequired]);
      return;
    }
    if (!hold && !confirmRelease) {
      return;
    }
    setSaving(true);
    setDone(null);
    setError(null);
    const result = await setLegalHold(lookup.callId, hold, reason);
    setSaving(false);
    if (result.ok) {
      setLookup({ phase: 'found', callId: lookup.callId, state: { hold, reason: hold ? reason.trim() : null } });
      setReason('');
      setReasonError(undefined);
      setConfirmRelease(false);
      setDone(hold ? t.setDone : t.releaseDone);
      onChanged();
    } else if (result.problem.status === 404) {
      setLookup({ phase: 'notFound' });
    } else if (result.problem.status === 400 && result.problem.errors) {
      setReasonError(Object.values(result.problem.errors).flat());
    } else {
      setError(t.failed(result.problem.status));
    }
  }

  return (
    <>
      <h2 id="legal-hold-title" ref={headingRef} tabIndex={-1}>
        {t.title}
      </h2>
      <p className="admin__intro">{t.intro}</p>

      <form className="legal-hold__lookup" onSubmit={submitLookup} noValidate>
        <Field
          label={t.callId}
          hint={t.callIdHint}
          errors={lookup.phase === 'invalidId' ? [t.invalidId] : lookup.phase === 'notFound' ? [t.notFound] : undefined}
        >
          {(props) => (
            <input
              {...props}
              className="admin-table__code"
              value={callId}
              autoComplete="off"
              spellCheck={false}
              onChange={(e) => setCallId(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button" disabled={lookup.phase === 'looking'}>
          {lookup.phase === 'looking' ? t.looking : t.look}
        </button>
      </form>

      <div aria-live="polite">
        {lookup.phase === 'failed' ? <p className="admin-alert">{t.failed(lookup.status)}</p> : null}
        {error !== null ? <p className="admin-alert">{error}</p> : null}
        {done !== null ? <p className="admin-success">{done}</p> : null}
        {lookup.phase === 'found' ? (
          <div className="legal-hold__state">
            <p>{lookup.state.hold ? t.held : t.notHeld}</p>
            {lookup.state.hold && lookup.state.reason ? (
              <p>
                {t.currentReason} : {lookup.state.reason}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>

      {lookup.phase === 'found' ? (
        <form className="admin-form" onSubmit={(event) => void change(event)} noValidate>
          {lookup.state.hold ? (
            <div className="field field--check">
              <input id={confirmId} type="checkbox" checked={confirmRelease} onChange={(e) => setConfirmRelease(e.target.checked)} />
              <label htmlFor={confirmId}>{t.releaseConfirm}</label>
            </div>
          ) : (
            <Field label={t.reason} hint={t.reasonHint} errors={reasonError}>
              {(props) => (
                <textarea
                  {...props}
                  required
                  aria-required="true"
                  maxLength={maxReasonLength}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.target.value);
                    setReasonError(undefined);
                  }}
                />
              )}
            </Field>
          )}
          <div className="admin-form__actions">
            <button
              type="submit"
              className={`button ${lookup.state.hold ? 'button--danger' : 'button--primary'}`}
              disabled={saving || (lookup.state.hold && !confirmRelease)}
            >
              {saving ? t.saving : lookup.state.hold ? t.release : t.set}
            </button>
          </div>
        </form>
      ) : null}
    </>
  );
}
