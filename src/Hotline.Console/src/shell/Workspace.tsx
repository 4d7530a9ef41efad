import { useEffect, useMemo, useState } from 'react';
import { currentUser } from '../api/auth';
import { type CurrentUser, isCounsellor, isSupervisor } from '../api/contract';
import { ConnectionIndicator, DangerAlertBanner, Header, Notices, OfferDialogHost, PresenceSwitcher } from '../components';
import { useI18n } from '../i18n/i18n';
import { ConsoleConnection, ConsoleContext, type ConsoleServices, ConsoleStore, useConsole, useConsoleState } from '../realtime';
import { startVoice } from '../voice';
import { visibleAreas } from './areas';
import { href, parseRoute, useHash } from '../routing/route';

/**
 * Everything a signed-in user works in: one hub connection for the whole session (calls, offers,
 * referrals arrive whatever area is open), the banner, the areas this user may use.
 */
export function Workspace({ user, onSignedOut }: { user: CurrentUser; onSignedOut: (expired: boolean) => void }) {
  const [services, setServices] = useState<ConsoleServices | null>(null);

  useEffect(() => {
    const store = new ConsoleStore();
    const connection = new ConsoleConnection(store, {
      onSignedOut: () => onSignedOut(true),
      isSignedIn: async () => (await currentUser()) !== null,
    });
    const signOut = () => onSignedOut(false);
    // The effect owns the connection's life (start here, stop in the cleanup, a fresh one on each run as
    // StrictMode remounts), and hands it to the tree through state: there is nothing to derive in render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
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
      <WorkspaceLayout />
    </ConsoleContext.Provider>
  );
}

function WorkspaceLayout() {
  const { m } = useI18n();
  const { user, connection, signOut } = useConsole();
  const state = useConsoleState();
  const answers = isCounsellor(user);
  const areas = useMemo(() => visibleAreas(user), [user]);
  const hash = useHash();
  const route = parseRoute(hash, areas.map((area) => area.path));
  const current = areas.find((area) => area.path === route.area) ?? areas[0];

  // An empty or unknown hash (or an area this user may not use) shows the first area. The address is read again
  // here, not taken from the render: a link followed since then is the user's choice and must not be replaced.
  useEffect(() => {
    const live = parseRoute(window.location.hash, areas.map((area) => area.path));
    if (current !== undefined && route.area !== current.path && live.area === route.area) {
      window.history.replaceState(null, '', href(current.path));
    }
  }, [areas, current, route.area]);

  // The tab title says when a call is offered, for a counsellor working in another window.
  useEffect(() => {
    const title = current ? `${current.label(m)} — ${m.app.title}` : m.app.title;
    document.title = state.offer ? `${m.app.offerTitlePrefix} — ${title}` : title;
  }, [state.offer, current, m]);

  async function logout() {
    // Do not stay "Available" for the grace period after leaving.
    if (state.me?.presence === 'Available' || state.me?.presence === 'Break') {
      await Promise.race([connection.setPresence('Offline'), new Promise((resolve) => setTimeout(resolve, 1500))]);
    }
    signOut();
  }

  return (
    <div className="workspace">
      <Header user={user} onLogout={() => void logout()}>
        <ConnectionIndicator />
        {answers ? <PresenceSwitcher /> : null}
      </Header>
      {/* Supervisors: immediate dangers stay above every area until one of them takes each in charge. */}
      {isSupervisor(user) ? <DangerAlertBanner /> : null}
      {areas.length > 1 ? (
        <nav className="area-nav" aria-label={m.nav.label}>
          <ul>
            {areas.map((area) => (
              <li key={area.path}>
                <a href={href(area.path)} aria-current={area === current ? 'page' : undefined}>
                  {area.label(m)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="main" className="workspace__main" tabIndex={-1}>
        {current ? (
          current.render(route.area === current.path ? route : { area: current.path, rest: [] }, user)
        ) : (
          <div className="no-console">
            <h1>{m.noConsole.title}</h1>
            <p>{m.noConsole.text}</p>
          </div>
        )}
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
