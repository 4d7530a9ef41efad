import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { currentUser } from '../api/auth';
import type { CurrentUser } from '../api/contract';
import { Header } from '../components';
import { useI18n } from '../i18n/i18n';
import { fieldErrors } from '../api/client';
import { type AccountStatus, changePassword, disableMfa, getAccount, regenerateRecoveryCodes } from './api';
import { MfaEnrolment, RecoveryCodesShown } from './MfaEnrolment';
import './accounts.css';

/** "Mon compte": every signed-in user's two-factor status and password. */
export function AccountArea() {
  const { m } = useI18n();
  const t = m.accounts.account;
  const [status, setStatus] = useState<AccountStatus | null>(null);
  const [notice, setNotice] = useState('');

  const reload = useCallback(async () => {
    const result = await getAccount();
    if (result.ok) {
      setStatus(result.data);
    }
  }, []);

  useEffect(() => {
    // reload() sets state only after its await: the rule reports async callbacks all the same (react/react#34905).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void reload();
  }, [reload]);

  if (status === null) {
    return null;
  }

  return (
    <div className="account-page">
      <h1>{t.title}</h1>
      <p className="account-page__note">{t.signedOutElsewhere}</p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      <Section title={t.identity}>
        <dl className="account-facts">
          <dt>{t.userName}</dt>
          <dd>{status.userName}</dd>
          <dt>{t.displayName}</dt>
          <dd>{status.displayName}</dd>
        </dl>
      </Section>
      <Section title={t.mfaTitle}>
        <p className={status.mfaEnabled ? 'account-status account-status--on' : 'account-status'}>
          {status.mfaEnabled ? t.mfaOn : t.mfaOff} {status.mfaRequired ? t.mfaRequired : ''}
        </p>
        {status.mfaEnabled ? (
          <>
            <p>{t.codesLeft(status.recoveryCodesLeft)}</p>
            <RegenerateCodes onDone={() => void reload()} />
            <DisableMfa
              onDisabled={() => {
                setNotice(t.disabled);
                // A role that requires two-factor is now limited to enrolling again: start over.
                if (status.mfaRequired) {
                  window.location.reload();
                } else {
                  void reload();
                }
              }}
            />
          </>
        ) : (
          <MfaEnrolment
            onEnabled={() => {
              setNotice(m.accounts.mfa.enabled);
              void reload();
            }}
          />
        )}
      </Section>
      <Section title={t.passwordTitle}>
        <ChangePasswordForm onChanged={() => setNotice(t.passwordChanged)} />
      </Section>
    </div>
  );
}

/** The only screen of a user who must enrol an authenticator first (the server refuses everything else). */
export function MfaRequiredScreen({ user, onEnrolled, onSignOut }: GateScreenProps & { onEnrolled: (user: CurrentUser) => void }) {
  const { m } = useI18n();
  const t = m.accounts.mfa;
  return (
    <GateScreen user={user} onSignOut={onSignOut} title={t.requiredTitle} intro={t.requiredIntro}>
      <MfaEnrolment onEnabled={() => void reloadUser(onEnrolled, onSignOut)} />
    </GateScreen>
  );
}

/**
 * The only screen of a user whose password an admin set (the server refuses everything else). It comes
 * before the enrolment screen: the temporary password is retired first (see Identity/Sessions.cs).
 */
export function PasswordChangeRequiredScreen({ user, onChanged, onSignOut }: GateScreenProps & { onChanged: (user: CurrentUser) => void }) {
  const { m } = useI18n();
  const t = m.accounts.account;
  return (
    <GateScreen user={user} onSignOut={onSignOut} title={t.requiredTitle} intro={t.requiredIntro}>
      <ChangePasswordForm currentLabel={t.temporaryPassword} onChanged={() => void reloadUser(onChanged, onSignOut)} />
    </GateScreen>
  );
}

interface GateScreenProps {
  user: CurrentUser;
  onSignOut: () => void;
}

/** A step the server requires before anything else: the banner and that one step. */
function GateScreen({ user, onSignOut, title, intro, children }: GateScreenProps & { title: string; intro: string; children: ReactNode }) {
  return (
    <div className="workspace">
      <Header user={user} onLogout={onSignOut} />
      <main id="main" className="workspace__main" tabIndex={-1}>
        <div className="account-page">
          <Section title={title} level={1}>
            <p>{intro}</p>
            {children}
          </Section>
        </div>
      </main>
    </div>
  );
}

/** After the step: the session as the server now sees it (signed out if it ended meanwhile). */
async function reloadUser(onUser: (user: CurrentUser) => void, onSignOut: () => void): Promise<void> {
  const updated = await currentUser();
  if (updated) {
    onUser(updated);
  } else {
    onSignOut();
  }
}

function Section({ title, level = 2, children }: { title: string; level?: 1 | 2; children: ReactNode }) {
  const id = useId();
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <section className="panel account-section" aria-labelledby={id}>
      <Heading id={id}>{title}</Heading>
      {children}
    </section>
  );
}

function RegenerateCodes({ onDone }: { onDone: () => void }) {
  const { m } = useI18n();
  const t = m.accounts.account;
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await regenerateRecoveryCodes(code.trim());
    setBusy(false);
    setCode('');
    if (result.ok) {
      setError(null);
      setCodes(result.data);
    } else {
      setError(!result.ok && result.problem.status === 400 ? m.accounts.mfa.invalidCode : m.accounts.mfa.failed);
    }
  }

  if (codes !== null) {
    return (
      <RecoveryCodesShown
        codes={codes}
        intro={m.accounts.mfa.codesIntro}
        onDone={() => {
          setCodes(null);
          onDone();
        }}
      />
    );
  }

  return (
    <form className="account-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t.regenerateTitle}</h3>
      <p className="field__hint">{t.regenerateIntro}</p>
      <div className="field">
        <label htmlFor={id}>{m.accounts.mfa.code}</label>
        <input
          id={id}
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={7}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy || code.trim().length === 0}>
        {t.regenerate}
      </button>
    </form>
  );
}

function DisableMfa({ onDisabled }: { onDisabled: () => void }) {
  const { m } = useI18n();
  const t = m.accounts.account;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await disableMfa(code.trim());
    setBusy(false);
    setCode('');
    if (result.ok) {
      setError(null);
      onDisabled();
    } else {
      setError(!result.ok && result.problem.status === 400 ? m.accounts.mfa.invalidCode : m.accounts.mfa.failed);
    }
  }

  return (
    <form className="account-form" onSubmit={(event) => void submit(event)} noValidate>
      <h3>{t.disableTitle}</h3>
      <p className="field__hint">{t.disableIntro}</p>
      <div className="field">
        <label htmlFor={id}>{t.codeOrRecovery}</label>
        <input id={id} autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} aria-invalid={error ? true : undefined} />
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button button--danger" disabled={busy || code.trim().length === 0}>
        {t.disable}
      </button>
    </form>
  );
}

function ChangePasswordForm({ onChanged, currentLabel }: { onChanged: () => void; currentLabel?: string }) {
  const { m } = useI18n();
  const t = m.accounts.account;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const currentId = useId();
  const nextId = useId();
  const hintId = useId();
  const confirmId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    if (next !== confirm) {
      setError(t.passwordMismatch);
      return;
    }
    if (next === current) {
      setError(t.samePassword);
      return;
    }
    setBusy(true);
    const result = await changePassword(current, next);
    setBusy(false);
    if (result.ok) {
      setError(null);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone(true);
      onChanged();
      return;
    }
    const errors = fieldErrors(result.problem);
    setError(
      errors['currentPassword']
        ? t.wrongPassword
        : errors['newPassword']
          ? t.weakPassword(errors['newPassword'].join(' '))
          : m.accounts.mfa.failed,
    );
  }

  return (
    <form className="account-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor={currentId}>{currentLabel ?? t.currentPassword}</label>
        <input id={currentId} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={nextId}>{t.newPassword}</label>
        <p id={hintId} className="field__hint">
          {t.newPasswordHint}
        </p>
        <input
          id={nextId}
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          aria-describedby={hintId}
        />
      </div>
      <div className="field">
        <label htmlFor={confirmId}>{t.confirmPassword}</label>
        <input id={confirmId} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      {done ? <p className="account-status account-status--on">{t.passwordChanged}</p> : null}
      <button type="submit" className="button button--primary" disabled={busy || !current || !next || !confirm}>
        {t.changePassword}
      </button>
    </form>
  );
}
