import { type FormEvent, useId, useRef, useState } from 'react';
import { SecondFactorForm } from './SecondFactorForm';
import { login, loginError } from '../api/auth';
import type { CurrentUser } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from '../components';

export function LoginPage({ onSignedIn, notice }: { onSignedIn: (user: CurrentUser) => void; notice?: string | null }) {
  const { m } = useI18n();
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The password was right and the account asks for its second factor: the code step shows.
  const [codeStep, setCodeStep] = useState(false);
  const userNameRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!userName.trim() || !password) {
      setError(m.login.required);
      userNameRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await login(userName.trim(), password);
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.data);
      return;
    }
    setPassword('');
    const error = loginError(result);
    if (error === 'twoFactor') {
      setCodeStep(true);
      return;
    }
    setError(
      error === 'invalid'
        ? m.login.invalid
        : error === 'required'
          ? m.login.required
          : error === 'network'
            ? m.login.network
            : m.login.unexpected(result.problem.status),
    );
  }

  return (
    <div className="login-page">
      <header className="login-page__top">
        <LanguageSwitch />
      </header>
      <main id="main" className="login" aria-labelledby="login-title">
        <p className="login__brand">{m.app.name}</p>
        <p className="login__tagline">{m.app.tagline}</p>
        {codeStep ? (
          <SecondFactorForm
            onSignedIn={onSignedIn}
            onRestart={(expired) => {
              setCodeStep(false);
              setError(expired ? m.accounts.login.expired : null);
            }}
          />
        ) : (
          <>
            <h1 id="login-title">{m.login.title}</h1>
            <p>{m.login.intro}</p>
            {notice ? (
              <p className="login__notice" role="status">
                {notice}
              </p>
            ) : null}
            <form onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? errorId : undefined}>
              <div className="field">
                <label htmlFor="login-user">{m.login.userName}</label>
                <input
                  ref={userNameRef}
                  id="login-user"
                  name="username"
                  autoComplete="username"
                  autoCapitalize="none"
                  spellCheck={false}
                  required
                  value={userName}
                  onChange={(e) => setUserName(e.target.value)}
                  aria-invalid={error ? true : undefined}
                  // The sign-in page has this one task and nothing above the form to skip: the caret waits here.
                  // eslint-disable-next-line jsx-a11y/no-autofocus
                  autoFocus
                />
              </div>
              <div className="field">
                <label htmlFor="login-password">{m.login.password}</label>
                <input
                  id="login-password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  aria-invalid={error ? true : undefined}
                />
              </div>
              {error ? (
                <p id={errorId} className="form-error" role="alert">
                  {error}
                </p>
              ) : null}
              <button type="submit" className="button button--primary button--block" disabled={busy}>
                {busy ? m.login.submitting : m.login.submit}
              </button>
            </form>
          </>
        )}
      </main>
    </div>
  );
}
