import { type FormEvent, useId, useRef, useState } from 'react';
import { loginError, loginSecondFactor } from '../api/auth';
import type { CurrentUser } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import './accounts.css';

/**
 * The sign-in's second step, after a right password on an account with two-factor on: the code the
 * authenticator app shows, or one recovery code. Wrong codes count towards the lock-out server-side.
 */
export function SecondFactorForm({
  onSignedIn,
  onRestart,
}: {
  onSignedIn: (user: CurrentUser) => void;
  /** Back to the password step; `expired` when the server forgot the password step (5 minutes). */
  onRestart: (expired: boolean) => void;
}) {
  const { m } = useI18n();
  const t = m.accounts.login;
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const inputId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const typed = code.trim();
    if (!typed) {
      setError(t.codeRequired);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await loginSecondFactor(recovery ? { recoveryCode: typed } : { code: typed });
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.data);
      return;
    }
    const error = loginError(result);
    if (error === 'expired') {
      onRestart(true);
      return;
    }
    setCode('');
    inputRef.current?.focus();
    setError(
      error === 'invalid' ? t.invalidCode : error === 'network' ? m.login.network : m.login.unexpected(result.problem.status),
    );
  }

  return (
    <>
      <h1 id="login-title">{t.codeTitle}</h1>
      <p>{recovery ? t.recoveryIntro : t.codeIntro}</p>
      <form onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? errorId : undefined}>
        <div className="field">
          <label htmlFor={inputId}>{recovery ? t.recoveryCode : t.code}</label>
          <input
            ref={inputRef}
            id={inputId}
            name={recovery ? 'recovery-code' : 'one-time-code'}
            autoComplete={recovery ? 'off' : 'one-time-code'}
            inputMode={recovery ? 'text' : 'numeric'}
            autoCapitalize="none"
            spellCheck={false}
            maxLength={recovery ? 32 : 7}
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={error ? true : undefined}
            // This step replaces the password step the user just submitted: the caret follows to its one field.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
          />
        </div>
        {error ? (
          <p id={errorId} className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button--primary button--block" disabled={busy}>
          {busy ? m.login.submitting : t.submit}
        </button>
      </form>
      <p className="second-factor__links">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setRecovery(!recovery);
            setCode('');
            setError(null);
            inputRef.current?.focus();
          }}
        >
          {recovery ? t.useApp : t.useRecovery}
        </button>
        <button type="button" className="link-button" onClick={() => onRestart(false)}>
          {t.back}
        </button>
      </p>
    </>
  );
}
