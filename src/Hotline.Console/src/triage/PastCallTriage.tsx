import type { Guid } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { href } from '../routing/route';
import { TriagePanel } from './TriagePanel';
import './triage.css';

/** The triage of a call the counsellor handled earlier, opened from "To complete" (#/console/triage/{callId}). */
export function PastCallTriage({ callId }: { callId: Guid }) {
  const { m } = useI18n();
  return (
    <div className="past-triage">
      <div className="past-triage__bar">
        <p>
          <strong>{m.triage.past.title}</strong>
        </p>
        <a className="button button--small" href={href('console')}>
          {m.triage.past.close}
        </a>
      </div>
      <TriagePanel key={callId} callId={callId} />
    </div>
  );
}
