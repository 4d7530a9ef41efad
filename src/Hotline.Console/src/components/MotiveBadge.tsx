import type { CallMotive } from '../api/contract';
import { useI18n } from '../i18n/i18n';

/** The motive as a coloured badge that always carries its text (colour is never the only cue). */
export function MotiveBadge({ motive }: { motive: CallMotive }) {
  const { m } = useI18n();
  return (
    <span className={`badge motive motive--${motive}`}>
      <span className="motive__dot" aria-hidden="true" />
      {m.queue.motives[motive]}
    </span>
  );
}
