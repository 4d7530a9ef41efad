import { useCallback, useEffect, useState } from 'react';
import { currentUser, logout } from './api/auth';
import { canUseConsole, type CurrentUser } from './api/contract';
import { ConsoleApp } from './components/ConsoleApp';
import { Header } from './components/Header';
import { LoginPage } from './components/LoginPage';
import { useI18n } from './i18n/i18n';

type Session = { kind: 'loading' } | { kind: 'signedOut'; expired: boolean } | { kind: 'signedIn'; user: CurrentUser };

export function App() {
  const { m } = useI18n();
  const [session, setSession] = useState<Session>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    currentUser()
      .then((user) => !cancelled && setSession(user ? { kind: 'signedIn', user } : { kind: 'signedOut', expired: false }))
      .catch(() => !cancelled && setSession({ kind: 'signedOut', expired: false }));
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    document.title = m.app.title;
  }, [m]);

  const signedOut = useCallback((expired: boolean) => {
    setSession({ kind: 'signedOut', expired });
    if (!expired) {
      void logout();
    }
  }, []);

  switch (session.kind) {
    case 'loading':
      return (
        <main id="main" className="loading" aria-busy="true">
          <p>{m.app.loading}</p>
        </main>
      );
    case 'signedOut':
      return (
        <LoginPage
          onSignedIn={(user) => setSession({ kind: 'signedIn', user })}
          notice={session.expired ? m.notices.codes['console.signedOut'] : null}
        />
      );
    case 'signedIn':
      return canUseConsole(session.user) ? (
        <ConsoleApp user={session.user} onSignedOut={signedOut} />
      ) : (
        <NoConsole user={session.user} onLogout={() => signedOut(false)} />
      );
  }
}

function NoConsole({ user, onLogout }: { user: CurrentUser; onLogout: () => void }) {
  const { m } = useI18n();
  return (
    <div className="console">
      <Header user={user} onLogout={onLogout} />
      <main id="main" className="no-console">
        <h1>{m.noConsole.title}</h1>
        <p>{m.noConsole.text}</p>
      </main>
    </div>
  );
}
