import { useEffect, useState } from 'react';
import { currentUser } from '../api/auth';
import { type CurrentUser, isCounsellor, isSupervisor } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { ConsoleConnection, ConsoleStore } from '../realtime/consoleConnection';
import { ConsoleContext, type ConsoleServices, useConsole, useConsoleState } from '../realtime/ConsoleContext';
import { startVoice } from '../voice/voice';
import { ConnectionIndicator } from './ConnectionIndicator';
import { CurrentCallPanel } from './CurrentCallPanel';
import { Header } from './Header';
import { Notices } from './Notices';
import { OfferDialogHost } from './OfferDialog';
import { PresenceSwitcher } from './PresenceSwitcher';
import { QueuePanel } from './QueuePanel';
import { SupervisionPanel } from './SupervisionPanel';

/** The live console of a signed-in counsellor or supervisor: one hub connection for its lifetime. */
export function ConsoleApp({ user, onSignedOut }: { user: CurrentUser; onSignedOut: (expired: boolean) => void }) {
  const [services, setServices] = useState<ConsoleServices | null>(null);

  useEffect(() => {
    const store = new ConsoleStore();
    const connection = new ConsoleConnection(store, {
      onSignedOut: () => onSignedOut(true),
      isSignedIn: async () => (await currentUser()) !== null,
    });
    const signOut = () => onSignedOut(false);
    setServices({ user, store, connection, signOut });
    void connection.start();
    return () => {
      void connection.stop();
      setServices(null);
    };
  }, [user, onSignedOut]);

  if (services === null) {
    return null;
  }
  return (
    <ConsoleContext.Provider value={services}>
      <ConsoleLayout />
    </ConsoleContext.Provider>
  );
}

function ConsoleLayout() {
  const { m } = useI18n();
  const { user, connection, signOut } = useConsole();
  const state = useConsoleState();
  const supervisor = isSupervisor(user) || state.counsellors !== null;
  // Only counsellors answer calls (a supervisor-only account watches and assigns).
  const answers = isCounsellor(user);

  // The tab title says when a call is offered, for a counsellor working in another window.
  useEffect(() => {
    document.title = state.offer ? `${m.app.offerTitlePrefix} — ${m.app.title}` : m.app.title;
  }, [state.offer, m]);

  async function logout() {
    // Do not stay "Available" for the grace period after leaving.
    if (state.me?.presence === 'Available' || state.me?.presence === 'Break') {
      await Promise.race([connection.setPresence('Offline'), new Promise((resolve) => setTimeout(resolve, 1500))]);
    }
    signOut();
  }

  return (
    <div className={`console${supervisor ? ' console--supervisor' : ''}${answers ? '' : ' console--watch'}`}>
      <Header user={user} onLogout={() => void logout()}>
        <ConnectionIndicator />
        {answers ? <PresenceSwitcher /> : null}
      </Header>
      <main id="main" className="console__main" tabIndex={-1}>
        <h1 className="visually-hidden">{m.app.title}</h1>
        {answers ? <CurrentCallPanel /> : null}
        <QueuePanel />
        {supervisor ? <SupervisionPanel /> : null}
      </main>
      <Notices />
      {answers ? <OfferDialogHost /> : null}
      {answers ? <VoiceBridge /> : null}
    </div>
  );
}

/** Registers the in-browser audio device when the server says voice is enabled. */
function VoiceBridge() {
  const { store } = useConsole();
  const { voiceEnabled } = useConsoleState();
  useEffect(() => {
    if (!voiceEnabled) {
      return;
    }
    return startVoice(() => store.dispatch({ type: 'notice', notice: { code: 'console.voiceFailed', callId: null } }));
  }, [voiceEnabled, store]);
  return null;
}
