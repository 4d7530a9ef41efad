import { useId, useRef } from 'react';
import { useModalDialog } from '../dialog/useModalDialog';
import { useI18n } from '../i18n/i18n';
import { labelIn, type ReferralPreview, type Taxonomy } from './api';

/**
 * The one confirmation before sending: exactly what the recipient will receive (the server's preview is the
 * snapshot the send stores), and a button naming the service. Cancel sends nothing.
 */
export function SendPreviewDialog({
  preview,
  taxonomy,
  onConfirm,
  onCancel,
}: {
  preview: ReferralPreview;
  taxonomy: Taxonomy | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { m, language } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // A native modal (the page behind is inert), focus on Cancel: Enter by reflex must not send a family's account.
  useModalDialog(ref, cancelRef);
  const titleId = useId();
  const t = m.triage.preview;
  const situation = preview.situation;
  const level = taxonomy?.urgency.find((u) => u.id === preview.urgency);
  const sign = (id: string) => {
    const entry = taxonomy?.signs.find((s) => s.id === id);
    return entry ? labelIn(entry.label, language, id) : id;
  };
  const place = [preview.communeName, preview.departementName && `${preview.departementName} (${preview.departementCode})`].filter(Boolean).join(', ');
  return (
    <dialog
      ref={ref}
      className="dialog send-preview"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{t.title(preview.serviceName)}</h2>
      <p className="triage__muted">{t.intro}</p>
      <dl className="routing__decision">
        <div>
          <dt>{t.recipient}</dt>
          <dd>
            <strong>{preview.serviceName}</strong> <span className="triage__muted">({m.triage.routing.kinds[preview.serviceKind]})</span>
          </dd>
        </div>
        <div>
          <dt>{t.place}</dt>
          <dd>{place || t.none}</dd>
        </div>
        <div>
          <dt>{t.urgency}</dt>
          <dd>{level ? labelIn(level.label, language, level.id) : (preview.urgency ?? t.none)}</dd>
        </div>
        {preview.purpose ? (
          <div>
            <dt>{m.triage.receipt.purpose}</dt>
            <dd lang="fr">{preview.purpose.label}</dd>
          </div>
        ) : null}
        {situation ? (
          <>
            <div>
              <dt>{t.caller}</dt>
              <dd>{situation.callerRelation ? m.people.relations[situation.callerRelation] : t.none}</dd>
            </div>
            <div>
              <dt>{t.person}</dt>
              <dd>
                {[
                  situation.age !== null ? t.age(situation.age) : null,
                  situation.ageBand ? m.people.ageBands[situation.ageBand] : null,
                  situation.minor === null ? null : situation.minor ? t.minor : t.adult,
                ]
                  .filter(Boolean)
                  .join(' · ') || t.none}
              </dd>
            </div>
            <div>
              <dt>{t.signs}</dt>
              <dd>{situation.warningSigns.length > 0 ? situation.warningSigns.map(sign).join(' ; ') : t.none}</dd>
            </div>
            <div>
              <dt>{t.summary}</dt>
              <dd className="send-preview__summary">{situation.summary ?? t.none}</dd>
            </div>
          </>
        ) : (
          <div>
            <dt>{t.account}</dt>
            <dd>{t.withheld}</dd>
          </div>
        )}
      </dl>
      <div className="dialog__actions">
        <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
          {t.cancel}
        </button>
        <button type="button" className="button button--primary" onClick={onConfirm}>
          {t.confirm(preview.serviceName)}
        </button>
      </div>
    </dialog>
  );
}
