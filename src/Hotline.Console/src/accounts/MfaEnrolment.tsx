import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { enableMfa, type MfaSetup, startMfaSetup } from './api';
import './accounts.css';

/**
 * Enrolling an authenticator app: the server's key as a QR code (an SVG from our own origin) and as
 * text, then a first code to prove the app has it, then the recovery codes, shown once.
 */
export function MfaEnrolment({ onEnabled }: { onEnabled: () => void }) {
  const { m } = useI18n();
  const t = m.accounts.mfa;
  const [setup, setSetup] = useState<MfaSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const codeId = useId();
  const keyId = useId();
  const hintId = useId();
  const errorId = useId();

  async function start() {
    setBusy(true);
    setError(null);
    const result = await startMfaSetup();
    setBusy(false);
    if (result.ok) {
      setSetup(result.data);
    } else {
      setError(t.failed);
    }
  }

  useEffect(() => {
    if (setup !== null) {
      codeRef.current?.focus();
    }
  }, [setup]);

  async function enable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await enableMfa(code.trim());
    setBusy(false);
    if (result.ok) {
      setCodes(result.data);
      return;
    }
    setCode('');
    codeRef.current?.focus();
    setError(!result.ok && result.problem.status === 400 ? t.invalidCode : t.failed);
  }

  if (codes !== null) {
    return <RecoveryCodesShown codes={codes} onDone={onEnabled} intro={`${t.enabled} ${t.codesIntro}`} />;
  }

  if (setup === null) {
    return (
      <div className="mfa-enrolment">
        <button type="button" className="button button--primary" onClick={() => void start()} disabled={busy}>
          {t.start}
        </button>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <div className="mfa-enrolment">
      <ol className="mfa-enrolment__steps">
        <li>
          <p>{t.step1}</p>
          <img className="mfa-enrolment__qr" src={setup.qrCodeUrl} alt={t.qrAlt} width={220} height={220} />
          <p id={keyId}>{t.manualKey}</p>
          <p>
            <code className="mfa-enrolment__key" aria-describedby={keyId} data-testid="mfa-shared-key">
              {setup.sharedKey}
            </code>
          </p>
        </li>
        <li>
          <form onSubmit={(event) => void enable(event)} noValidate aria-describedby={error ? errorId : undefined}>
            <p id={hintId}>{t.step2}</p>
            <div className="field">
              <label htmlFor={codeId}>{t.code}</label>
              <input
                ref={codeRef}
                id={codeId}
                className="mfa-enrolment__code"
                name="one-time-code"
                autoComplete="one-time-code"
                inputMode="numeric"
                maxLength={7}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={hintId}
              />
            </div>
            {error ? (
              <p id={errorId} className="form-error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="button button--primary" disabled={busy || code.trim().length === 0}>
              {busy ? t.enabling : t.enable}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}

/** Recovery codes, shown once, until the user says they kept them. */
export function RecoveryCodesShown({ codes, intro, onDone }: { codes: string[]; intro: string; onDone: () => void }) {
  const { m } = useI18n();
  const t = m.accounts.mfa;
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="recovery-codes" aria-labelledby={titleId}>
      <h2 id={titleId} ref={headingRef} tabIndex={-1}>
        {t.codesTitle}
      </h2>
      <p role="status">{intro}</p>
      <ol className="recovery-codes__list" aria-label={t.codesTitle}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <button type="button" className="button button--primary" onClick={onDone}>
        {t.codesDone}
      </button>
    </section>
  );
}
