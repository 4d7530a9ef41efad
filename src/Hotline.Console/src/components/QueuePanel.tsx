import { useState } from 'react';
import { api, call } from '../api/client';
import { type CallCard, isCounsellor, type Presence } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { useConsole, useConsoleState } from '../realtime';
import { serverNow } from '../state';
import { useNow } from '../time/time';
import { AssignDialog } from './AssignDialog';
import { CallCardView } from './CallCardView';

/** Presences from which a counsellor may take a call themselves. */
const freeToTake: ReadonlySet<Presence> = new Set<Presence>(['Available', 'Break', 'Offered']);

/**
 * The live queue. Cards keep their call id as key, so React moves existing cards instead of
 * re-creating them (focus stays where it is); only cards that arrive after the first snapshot animate.
 */
export function QueuePanel() {
  const { m } = useI18n();
  const { user, store } = useConsole();
  const state = useConsoleState();
  const now = serverNow(state, useNow());
  const supervisor = state.counsellors !== null || user.roles.includes('Supervisor');
  const [assigning, setAssigning] = useState<CallCard | null>(null);
  const [taking, setTaking] = useState<string | null>(null);
  const canTake = isCounsellor(user) && state.me !== null && freeToTake.has(state.me.presence) && taking === null;

  async function take(card: CallCard) {
    setTaking(card.callId);
    try {
      const result = await call(api.POST('/api/console/calls/{callId}/take', { params: { path: { callId: card.callId } } }));
      // Taken: the hub's CallConnected opens the call. Refused: say why (someone else got it, already busy…).
      if (!result.ok) {
        const code = typeof result.problem.code === 'string' ? result.problem.code : 'failed';
        store.dispatch({ type: 'notice', notice: { code: `take.${code}`, callId: card.callId } });
      }
    } finally {
      setTaking(null);
    }
  }

  // The cards of the first snapshot appear as they are; any card not among them animates in once
  // (its class never changes afterwards, so a re-render cannot restart or cut the animation).
  const [initial, setInitial] = useState<ReadonlySet<string> | null>(null);
  const ready = state.sync !== 'waiting';
  if (initial === null && ready) {
    // Set while rendering, once: React renders again at once with it, before anything is shown.
    setInitial(new Set(state.queue.map((card) => card.callId)));
  }
  const isNew = (id: string) => initial !== null && !initial.has(id);

  return (
    <section className="panel queue-panel" aria-labelledby="queue-title">
      <div className="panel__header">
        <h2 id="queue-title">{m.queue.title}</h2>
        <p className="panel__count" aria-live="polite" aria-atomic="true">
          {m.queue.count(state.queue.length)}
        </p>
      </div>
      {state.queue.length === 0 ? (
        <p className="queue-panel__empty">{ready ? m.queue.empty : m.app.loading}</p>
      ) : (
        <ol className="queue" aria-labelledby="queue-title">
          {state.queue.map((card) => (
            <li key={card.callId} className="queue__item">
              <CallCardView
                card={card}
                serverNowMs={now}
                supervisor={supervisor}
                onAssign={setAssigning}
                onTake={canTake ? (c) => void take(c) : undefined}
                taking={taking === card.callId}
                isNew={isNew(card.callId)}
              />
            </li>
          ))}
        </ol>
      )}
      {assigning ? <AssignDialog card={assigning} onClose={() => setAssigning(null)} /> : null}
    </section>
  );
}
