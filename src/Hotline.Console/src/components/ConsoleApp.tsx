import { isCounsellor, isSupervisor } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { useConsole, useConsoleState } from '../realtime';
import type { Route } from '../routing/route';
import { CurrentCallPanel } from './CurrentCallPanel';
import { LiveWallboard } from './LiveWallboard';
import { QueuePanel } from './QueuePanel';
import { SupervisionPanel } from './SupervisionPanel';

/**
 * The live console of a counsellor or supervisor: current call, queue, and the team for supervisors.
 * "#/console/triage/{callId}" opens the triage of an earlier call in the current-call panel.
 */
export function ConsoleArea({ route }: { route?: Route }) {
  const { m } = useI18n();
  const { user } = useConsole();
  const state = useConsoleState();
  const supervisor = isSupervisor(user) || state.counsellors !== null;
  // Only counsellors answer calls (a supervisor-only account watches and assigns).
  const answers = isCounsellor(user);
  const openCallId = route?.rest[0] === 'triage' ? (route.rest[1] ?? null) : null;

  return (
    <div className={`console${supervisor ? ' console--supervisor' : ''}${answers ? '' : ' console--watch'}`}>
      <h1 className="visually-hidden">{m.app.title}</h1>
      <div className="console__main">
        {answers ? <CurrentCallPanel openCallId={openCallId} /> : null}
        <QueuePanel />
        {supervisor ? <SupervisionPanel /> : null}
        {isSupervisor(user) ? <LiveWallboard /> : null}
      </div>
    </div>
  );
}
