import { type FormEvent, useEffect, useId, useState } from 'react';
import type { Messages } from '../i18n/fr';
import { useI18n } from '../i18n/i18n';
import {
  type ApiProblem,
  type ApiResult,
  getRedirectChoices,
  type RedirectChoices,
  type RedirectTarget,
  redirectReferral,
  type ReferralDetail,
} from './referralApi';

export interface RedirectFormProps {
  detail: ReferralDetail;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (request: () => Promise<ApiResult<ReferralDetail>>) => Promise<ApiProblem | null>;
}

type Field = 'serviceId' | 'reason' | 'purpose' | 'legalBasis';

/** "Bouches-du-Rhône (13) — Cellule départementale …": every departmental cell has the same name. */
export function targetLabel(target: RedirectTarget, m: Messages): string {
  const departement = target.departementName && target.departementCode ? `${target.departementName} (${target.departementCode})` : null;
  if (target.kind === 'CommuneCell') {
    const communes = target.communeNames.join(', ');
    return [target.name, communes && !target.name.includes(communes) ? communes : null, departement].filter(Boolean).join(' — ');
  }
  if (target.kind === 'NationalTeam') {
    return target.name;
  }
  return departement ? `${departement} — ${target.name} (${m.referrals.kinds[target.kind]})` : target.name;
}

/**
 * Redirect to another service of the directory, with a reason; a commune cell also needs the purpose
 * and the legal basis of the transfer. The choices come from the server (only active services, the
 * referral's département first, no consent basis without the family's consent).
 */
export function RedirectForm({ detail, busy, onCancel, onSubmit }: RedirectFormProps) {
  const { m } = useI18n();
  const t = m.referrals.redirect;
  const formId = useId();
  const [choices, setChoices] = useState<RedirectChoices | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [serviceId, setServiceId] = useState('');
  const [reason, setReason] = useState('');
  const [purpose, setPurpose] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const referral = detail.referral;

  useEffect(() => {
    let active = true;
    void getRedirectChoices(referral.id).then((result) => {
      if (!active) {
        return;
      }
      if (result.ok) {
        setChoices(result.data);
      } else {
        setLoadFailed(true);
      }
    });
    return () => {
      active = false;
    };
  }, [referral.id]);

  if (loadFailed) {
    return (
      <div className="referral-redirect" role="alert">
        <p>{t.loadFailed}</p>
        <button type="button" className="button" onClick={onCancel}>
          {m.referrals.cancel}
        </button>
      </div>
    );
  }
  if (choices === null) {
    return <p className="referral-redirect">{t.loading}</p>;
  }

  const target = choices.services.find((service) => service.id === serviceId) ?? null;
  // Every transfer states a purpose and a legal basis, from the lists of the chosen service's kind.
  const transfer = target ? (choices.transfers.find((kind) => kind.kind === target.kind) ?? null) : null;
  const needsBasis = target !== null;
  const same = choices.services.filter((s) => s.departementCode !== null && s.departementCode === referral.departementCode);
  const national = choices.services.filter((s) => s.departementCode === null);
  const others = choices.services.filter((s) => s.departementCode !== null && s.departementCode !== referral.departementCode);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Partial<Record<Field, string>> = {};
    if (!serviceId) {
      missing.serviceId = t.required;
    }
    if (!reason.trim()) {
      missing.reason = t.required;
    }
    if (needsBasis && !purpose) {
      missing.purpose = t.required;
    }
    if (needsBasis && !legalBasis) {
      missing.legalBasis = t.required;
    }
    setErrors(missing);
    if (Object.keys(missing).length > 0) {
      return;
    }
    const problem = await onSubmit(() =>
      redirectReferral(referral.id, {
        serviceId,
        reason: reason.trim(),
        purpose: needsBasis ? purpose : null,
        legalBasis: needsBasis ? legalBasis : null,
      }),
    );
    if (problem && problem.status === 400) {
      const fromServer: Partial<Record<Field, string>> = {};
      for (const field of ['serviceId', 'reason', 'purpose', 'legalBasis'] as const) {
        const messages = problem.errors?.[field];
        if (messages && messages.length > 0) {
          fromServer[field] = messages.join(' ');
        }
      }
      setErrors(fromServer);
    }
  }

  const describe = (field: Field, hint?: string) =>
    [hint, errors[field] ? `${formId}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const error = (field: Field) =>
    errors[field] ? (
      <span id={`${formId}-${field}-error`} className="field__error">
        {errors[field]}
      </span>
    ) : null;
  const option = (service: RedirectTarget) => (
    <option key={service.id} value={service.id}>
      {targetLabel(service, m)}
    </option>
  );

  return (
    <form className="referral-redirect" onSubmit={(event) => void submit(event)} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`}>{t.title}</h3>
      <div className="field">
        <label htmlFor={`${formId}-service`}>{t.service}</label>
        <select
          id={`${formId}-service`}
          value={serviceId}
          aria-invalid={errors.serviceId !== undefined}
          aria-describedby={describe('serviceId')}
          onChange={(event) => {
            // The lists depend on the service's kind: a choice made for another kind does not carry over.
            setServiceId(event.target.value);
            setPurpose('');
            setLegalBasis('');
          }}
        >
          <option value="">{t.choose}</option>
          {same.length > 0 ? (
            <optgroup label={referral.departementName ? t.sameDepartement(referral.departementName) : t.sameDepartementUnknown}>
              {same.map(option)}
            </optgroup>
          ) : null}
          {national.length > 0 ? <optgroup label={t.national}>{national.map(option)}</optgroup> : null}
          {others.length > 0 ? <optgroup label={t.others}>{others.map(option)}</optgroup> : null}
        </select>
        {error('serviceId')}
      </div>
      <div className="field">
        <label htmlFor={`${formId}-reason`}>{t.reason}</label>
        <textarea
          id={`${formId}-reason`}
          value={reason}
          rows={3}
          maxLength={10_000}
          aria-invalid={errors.reason !== undefined}
          aria-describedby={describe('reason', `${formId}-reason-hint`)}
          onChange={(event) => setReason(event.target.value)}
        />
        <span id={`${formId}-reason-hint`} className="field__hint">
          {t.reasonHint}
        </span>
        {error('reason')}
      </div>
      {needsBasis ? (
        <fieldset className="referral-redirect__basis">
          <legend>{m.referrals.detail.transfer}</legend>
          {target?.kind === 'CommuneCell' ? <p className="referral-redirect__warning">{t.communeCellWarning}</p> : null}
          <div className="field">
            <label htmlFor={`${formId}-purpose`}>{t.purpose}</label>
            <select
              id={`${formId}-purpose`}
              value={purpose}
              aria-invalid={errors.purpose !== undefined}
              aria-describedby={describe('purpose')}
              onChange={(event) => setPurpose(event.target.value)}
            >
              <option value="">{t.chooseOption}</option>
              {(transfer?.purposes ?? []).map((choice) => (
                <option key={choice.code} value={choice.code}>
                  {choice.label}
                </option>
              ))}
            </select>
            {error('purpose')}
          </div>
          <div className="field">
            <label htmlFor={`${formId}-legal-basis`}>{t.legalBasis}</label>
            <select
              id={`${formId}-legal-basis`}
              value={legalBasis}
              aria-invalid={errors.legalBasis !== undefined}
              aria-describedby={describe('legalBasis')}
              onChange={(event) => setLegalBasis(event.target.value)}
            >
              <option value="">{t.chooseOption}</option>
              {(transfer?.legalBases ?? []).map((choice) => (
                <option key={choice.code} value={choice.code}>
                  {choice.label}
                </option>
              ))}
            </select>
            {error('legalBasis')}
          </div>
        </fieldset>
      ) : null}
      <div className="referral-actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? m.referrals.working : t.submit}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {m.referrals.cancel}
        </button>
      </div>
    </form>
  );
}
