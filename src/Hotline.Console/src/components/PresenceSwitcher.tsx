import { useId, useState } from 'react';
import { type Presence, type SelectablePresence, selectablePresences } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { useConsole, useConsoleState } from '../realtime';

const locked: ReadonlySet<Presence> = new Set<Presence>(['OnCall', 'WrapUp']);

/**
 * Available / Break / Offline as a radio group. While a call holds the counsellor (OnCall, WrapUp) the group
 * is disabled and the actual state is shown beside it, read-only. During an offer it stays usable: Pause or
 * Hors ligne declines the offer (the server does), Disponible keeps it.
 */
export function PresenceSwitcher() {
  const { m } = useI18n();
  const { connection } = useConsole();
  const state = useConsoleState();
  const [pending, setPending] = useState<SelectablePresence | null>(null);
  const name = useId();
  const hintId = useId();
  const presence = state.me?.presence ?? null;
  const isLocked = presence !== null && locked.has(presence);
  const disabled = presence === null || isLocked || state.connection !== 'connected' || pending !== null;

  async function choose(next: SelectablePresence) {
    if (next === presence) {
      return;
    }
    setPending(next);
    try {
      await connection.setPresence(next);
    } finally {
      setPending(null);
    }
  }

  return (
    <fieldset className="presence" disabled={disabled} aria-describedby={isLocked ? hintId : undefined}>
      <legend className="presence__legend">{m.presence.legend}</legend>
      <div className="presence__options">
        {selectablePresences.map((option) => (
          <label key={option} className={`presence__option presence__option--${option}`}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={(pending ?? presence) === option}
              onChange={() => void choose(option)}
            />
            <span>{m.presence.names[option]}</span>
          </label>
        ))}
      </div>
      {isLocked && presence !== null ? (
        <span className={`presence__locked pill pill--${presence}`} id={hintId} title={m.presence.lockedHint}>
          <span className="visually-hidden">{m.presence.current} : </span>
          {m.presence.names[presence]}
          <span className="visually-hidden"> — {m.presence.lockedHint}</span>
        </span>
      ) : null}
    </fieldset>
  );
}
