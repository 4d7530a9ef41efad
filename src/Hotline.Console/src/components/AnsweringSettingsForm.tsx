import { type FormEvent, useEffect, useId, useState } from 'react';
import { type AnswerMode, type AnsweringSettings, getAnswering, saveAnswering } from '../api/answering';
import { useI18n } from '../i18n/i18n';

/**
 * The counsellor's choice of where to answer: in the browser, or on their phone (the server dials it
 * when they accept a call). The number is write-only: the server only says whether one is set.
 */
export function AnsweringSettingsForm() {
  const { m } = useI18n();
  const [settings, setSettings] = useState<AnsweringSettings | null>(null);
  const [mode, setMode] = useState<AnswerMode>('Browser');
  const [phone, setPhone] = useState('');
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'invalidPhone' | 'failed'>('idle');
  const titleId = useId();
  const phoneId = useId();
  const phoneHintId = useId();
  const name = useId();

  useEffect(() => {
    let cancelled = false;
    void getAnswering().then((loaded) => {
      if (!cancelled && loaded.ok) {
        setSettings(loaded.data);
        setMode(loaded.data.mode);
      }
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (settings === null) {
    return null;
  }

  // Switching to the phone needs a number; keeping the phone with a number already set does not.
  const needsNumber = mode === 'Phone' && !(settings.mode === 'Phone' && settings.phoneNumberSet && phone === '');
  const unchanged = mode === settings.mode && phone === '';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Nothing typed is said at once; whether a number is valid is the server's call (libphonenumber, French formats too).
    if (mode === 'Phone' && needsNumber && phone.trim() === '') {
      setStatus('invalidPhone');
      return;
    }
    setStatus('saving');
    const result = await saveAnswering(mode, mode === 'Phone' ? phone.trim() || null : null);
    if (result.ok) {
      const next: AnsweringSettings = { mode, phoneNumberSet: mode === 'Phone' };
      setSettings(next);
      setPhone('');
    }
    setStatus(result.ok ? 'saved' : result.problem.status === 400 ? 'invalidPhone' : 'failed');
  }

  return (
    <section className="answering" aria-labelledby={titleId}>
      <h3 id={titleId}>{m.answering.title}</h3>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="answering__modes">
          <legend className="visually-hidden">{m.answering.title}</legend>
          {(['Browser', 'Phone'] as const).map((option) => (
            <label key={option} className="answering__mode">
              <input
                type="radio"
                name={name}
                value={option}
                checked={mode === option}
                onChange={() => {
                  setMode(option);
                  setStatus('idle');
                }}
              />
              {m.answering.modes[option]}
            </label>
          ))}
        </fieldset>
        {mode === 'Phone' ? (
          <div className="field">
            <label htmlFor={phoneId}>{m.answering.phone}</label>
            <p id={phoneHintId} className="field__hint">
              {settings.mode === 'Phone' && settings.phoneNumberSet ? m.answering.phoneSetHint : m.answering.phoneHint}
            </p>
            <input
              id={phoneId}
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={phone}
              onChange={(e) => {
                setPhone(e.target.value);
                setStatus('idle');
              }}
              aria-describedby={phoneHintId}
              aria-invalid={status === 'invalidPhone' ? true : undefined}
              placeholder="06 12 34 56 78"
            />
          </div>
        ) : null}
        <div className="answering__actions">
          <button type="submit" className="button" disabled={status === 'saving' || unchanged}>
            {m.answering.save}
          </button>
          <p role="status" className={status === 'invalidPhone' || status === 'failed' ? 'form-error' : 'answering__saved'}>
            {status === 'saved'
              ? m.answering.saved
              : status === 'invalidPhone'
                ? m.answering.invalidPhone
                : status === 'failed'
                  ? m.answering.failed
                  : ''}
          </p>
        </div>
      </form>
    </section>
  );
}
