import { useCallback, useEffect, useState } from 'react';
import { LoginPage, MfaRequiredScreen, PasswordChangeRequiredScreen } from './accounts';
import { currentUser, logout } from './api/auth';
import type { CurrentUser } from './api/contract';
import { useI18n } from './i18n/i18n';
import { Workspace } from './shell';
import { clearAllDrafts, sessionDraftStorage } from './triage';

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
      // Triage drafts may hold a summary in clear: none is left behind for the next person at this screen.
      clearAllDrafts(sessionDraftStorage());
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
      // The server refuses everything but the password change to a user whose password an admin set, then
      // everything but enrolment to a user who must enrol: show only that, in that order.
      return session.user.passwordChangeRequired ? (
        <PasswordChangeRequiredScreen
          user={session.user}
          onChanged={(user) => setSession({ kind: 'signedIn', user })}
          onSignOut={() => signedOut(false)}
        />
      ) : session.user.mfaEnrolmentRequired ? (
        <MfaRequiredScreen
          user={session.user}
          onEnrolled={(user) => setSession({ kind: 'signedIn', user })}
          onSignOut={() => signedOut(false)}
        />
      ) : (
        <Workspace user={session.user} onSignedOut={signedOut} />
      );
  }
}
