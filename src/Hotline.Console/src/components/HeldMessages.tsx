import { useEffect, useState } from 'react';
import { api, call } from '../api/client';
import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { MotiveBadge } from './MotiveBadge';

type HeldWebMessage = Schemas['HeldWebMessage'];

/** How often the list is read again besides the server's alert when holding starts: the list is short and cheap. */
const refreshMs = 30_000;

/**
 * Web messages held back because too many were open at once (Contact:MaxOpenItems): a supervisor reviews
 * them here and releases the genuine ones to the board. Only the reference, motive and time are shown;
 * the text is read by whoever takes the item.
 */
/** @param refreshKey changes when the server alerts that messages started being held: the list is read at once. */
export function HeldMessages({ refreshKey }: { refreshKey: number }) {
  const { m } = useI18n();
  const [held, setHeld] = useState<HeldWebMessage[] | 'failed' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  // Bumped to read the list again (after a release, and every refreshMs).
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    void call(api.GET('/api/contact/held')).then((result) => {
      if (live) {
        setHeld(result.ok ? result.data : 'failed');
      }
    });
    return () => {
      live = false;
    };
  }, [version, refreshKey]);

  useEffect(() => {
    const timer = window.setInterval(() => setVersion((v) => v + 1), refreshMs);
    return () => window.clearInterval(timer);
  }, []);

  async function release(callId: string) {
    setBusy(callId);
    await call(api.POST('/api/contact/held/{callId}/release', { params: { path: { callId } } }));
    setBusy(null);
    setVersion((v) => v + 1);
  }

  if (held === null || (Array.isArray(held) && held.length === 0)) {
    return null;
  }

  return (
    <section aria-labelledby="held-title" className="held-messages" data-testid="held-messages">
      <h3 className="current-panel__subtitle" id="held-title">
        {m.supervision.held.title}
      </h3>
      {held === 'failed' ? (
        <p role="status">{m.supervision.held.failed}</p>
      ) : (
        <>
          <p>{m.supervision.held.explain(held.length)}</p>
          <ul className="held-messages__list">
            {held.map((message) => (
              <li key={message.callId}>
                <span className="held-messages__reference">{message.reference}</span> <MotiveBadge motive={message.motive} />{' '}
                <time dateTime={message.receivedAt}>{new Date(message.receivedAt).toLocaleString()}</time>{' '}
                <button className="button" disabled={busy === message.callId} onClick={() => void release(message.callId)} type="button">
                  {m.supervision.held.release}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
