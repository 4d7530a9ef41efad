import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useModalDialog } from '../../dialog/useModalDialog';
import { useI18n } from '../../i18n/i18n';
import { href, navigate } from '../../routing/route';
import { formatDateTime } from '../admin';
import { Field, FieldErrors, ViewHeading } from '../fields';
import { sortFieldErrors } from '../problem';
import {
  createService,
  daysOfWeek,
  deactivateService,
  getService,
  type RuleConflict,
  type ServiceDto,
  serviceKinds,
  serviceStatuses,
  updateService,
  type ApiResult,
  writeFailure,
} from './api';
import { CharterFieldset, CheckField } from './CharterFieldset';
import type { DirectoryMessages } from './messages';
import {
  areasOf,
  emptyContact,
  emptyPhone,
  emptySchedule,
  formOf,
  newServiceForm,
  requestOf,
  type ServiceField,
  type ServiceForm,
  serviceFields,
} from './serviceForm';

const directoryArea = 'admin/directory';

type Load = { phase: 'loading' } | { phase: 'notFound' } | { phase: 'failed' } | { phase: 'ready'; service: ServiceDto | null };

/** What the last save or deactivation said. */
type Outcome =
  | { kind: 'none' }
  | { kind: 'success'; text: string }
  | { kind: 'invalid'; byField: Partial<Record<ServiceField, string[]>>; other: string[] }
  | { kind: 'conflict'; conflicts: RuleConflict[]; detail: string | null }
  | { kind: 'error'; text: string };

/** Creates (id null) or edits a service; every HSDS field the API takes, its errors next to each field. */
export function ServiceEditor({ id, flash, onFlash }: { id: string | null; flash: string | null; onFlash: (text: string | null) => void }) {
  const { m, language } = useI18n();
  const t = m.directory;
  const [load, setLoad] = useState<Load>(id === null ? { phase: 'ready', service: null } : { phase: 'loading' });
  const [form, setForm] = useState<ServiceForm>(newServiceForm);
  const [outcome, setOutcome] = useState<Outcome>(flash ? { kind: 'success', text: flash } : { kind: 'none' });
  const [saving, setSaving] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // A flash is said once, on the page it was meant for.
    if (flash !== null) {
      onFlash(null);
    }
  }, [flash, onFlash]);

  useEffect(() => {
    if (id === null) {
      return;
    }
    let cancelled = false;
    void getService(id).then((result) => {
      if (cancelled) {
        return;
      }
      if (result.ok) {
        setLoad({ phase: 'ready', service: result.data });
        setForm(formOf(result.data));
      } else {
        setLoad(result.problem.status === 404 || result.problem.status === 400 ? { phase: 'notFound' } : { phase: 'failed' });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [id]);

  useEffect(() => {
    if (outcome.kind === 'invalid' || outcome.kind === 'conflict' || outcome.kind === 'error') {
      alertRef.current?.focus();
    }
  }, [outcome]);

  if (load.phase !== 'ready') {
    return (
      <>
        <p>
          <a href={href(directoryArea)}>{t.actions.back}</a>
        </p>
        <ViewHeading>{id === null ? t.form.createTitle : t.form.loading}</ViewHeading>
        <p role={load.phase === 'loading' ? 'status' : 'alert'}>
          {load.phase === 'loading' ? t.form.loading : load.phase === 'notFound' ? t.form.notFound : t.form.loadFailed}
        </p>
      </>
    );
  }

  const service = load.service;
  const errors = outcome.kind === 'invalid' ? outcome.byField : {};
  const areas = areasOf(form.kind);
  const set = <K extends keyof ServiceForm>(key: K, value: ServiceForm[K]) => setForm((current) => ({ ...current, [key]: value }));

  function handle(result: ApiResult<ServiceDto>, success: string) {
    if (result.ok) {
      if (id === null) {
        onFlash(success);
        navigate(directoryArea, result.data.id);
        return;
      }
      setLoad({ phase: 'ready', service: result.data });
      setForm(formOf(result.data));
      setOutcome({ kind: 'success', text: success });
      return;
    }
    const failure = writeFailure(result.problem);
    switch (failure.kind) {
      case 'invalid': {
        const sorted = sortFieldErrors(failure.errors, serviceFields);
        setOutcome({ kind: 'invalid', byField: sorted.byField, other: sorted.other });
        return;
      }
      case 'conflict':
        setOutcome({ kind: 'conflict', conflicts: failure.conflicts, detail: failure.detail });
        return;
      case 'notFound':
        setOutcome({ kind: 'error', text: t.form.notFoundOnSave });
        return;
      case 'failed':
        setOutcome({ kind: 'error', text: t.form.failed(failure.status) });
        return;
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setOutcome({ kind: 'none' });
    const request = requestOf(form);
    const result = id === null ? await createService(request) : await updateService(id, request);
    setSaving(false);
    handle(result, id === null ? t.form.created : t.form.saved);
  }

  async function deactivate() {
    if (id === null) {
      return;
    }
    setSaving(true);
    const result = await deactivateService(id);
    setSaving(false);
    setConfirming(false);
    handle(result, t.deactivate.done);
  }

  return (
    <>
      <p>
        <a href={href(directoryArea)}>{t.actions.back}</a>
      </p>
      <ViewHeading>{service === null ? t.form.createTitle : t.form.editTitle(service.name)}</ViewHeading>
      {service !== null ? (
        <p className="admin-meta">
          <span className={`badge ${service.status === 'Active' ? 'badge--active' : 'badge--inactive'}`}>{t.statuses[service.status]}</span>{' '}
          {t.form.createdAt} {formatDateTime(service.createdAt, language)} · {t.form.updatedAt} {formatDateTime(service.updatedAt, language)}
        </p>
      ) : null}

      <div aria-live="polite">
        {outcome.kind === 'success' ? (
          <p className="admin-success" role="status">
            {outcome.text}
            {service?.status === 'Inactive' ? ` ${t.deactivate.reactivate}` : ''}
          </p>
        ) : null}
      </div>
      {outcome.kind === 'invalid' || outcome.kind === 'conflict' || outcome.kind === 'error' ? (
        <div ref={alertRef} className="admin-alert" role="alert" tabIndex={-1}>
          <OutcomeText outcome={outcome} t={t} />
        </div>
      ) : null}

      <form className="admin-form panel" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset>
          <legend>{t.form.identity}</legend>
          <div className="admin-form__grid">
            <Field label={t.form.organization} hint={t.form.organizationHint} errors={errors.organization}>
              {(props) => (
                <input {...props} required value={form.organization} maxLength={300} onChange={(e) => set('organization', e.target.value)} />
              )}
            </Field>
            <Field label={t.form.name} errors={errors.name}>
              {(props) => <input {...props} required value={form.name} maxLength={300} onChange={(e) => set('name', e.target.value)} />}
            </Field>
            <Field label={t.form.kind} errors={errors.kind}>
              {(props) => (
                <select {...props} value={form.kind} onChange={(e) => set('kind', e.target.value as ServiceForm['kind'])}>
                  {serviceKinds.map((kind) => (
                    <option key={kind} value={kind}>
                      {t.kinds[kind]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t.form.status} hint={t.form.statusHint} errors={errors.status}>
              {(props) => (
                <select {...props} value={form.status} onChange={(e) => set('status', e.target.value as ServiceForm['status'])}>
                  {serviceStatuses.map((status) => (
                    <option key={status} value={status}>
                      {t.statuses[status]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t.form.area}</legend>
          {!areas.departements && !areas.communes ? <p className="field__hint">{t.form.nationalArea}</p> : null}
          {/* The error stays visible even when this kind takes no such area (the server said it). */}
          {areas.departements || errors.departements ? (
            <Field label={t.form.departements} hint={t.form.departementsHint[form.kind]} errors={errors.departements}>
              {(props) => <input {...props} value={form.departements} onChange={(e) => set('departements', e.target.value)} />}
            </Field>
          ) : null}
          {areas.communes || errors.communes ? (
            <Field label={t.form.communes} hint={t.form.communesHint} errors={errors.communes}>
              {(props) => <input {...props} value={form.communes} onChange={(e) => set('communes', e.target.value)} />}
            </Field>
          ) : null}
        </fieldset>

        {form.kind === 'CommuneCell' || errors.protocol ? (
          <CharterFieldset charter={form.charter} errors={errors.protocol} onChange={(charter) => set('charter', charter)} t={t} />
        ) : null}

        <fieldset>
          <legend>{t.form.contact}</legend>
          <Field label={t.form.description} errors={errors.description}>
            {(props) => <textarea {...props} value={form.description} maxLength={2000} onChange={(e) => set('description', e.target.value)} />}
          </Field>
          <div className="admin-form__grid">
            <Field label={t.form.email} errors={errors.email}>
              {(props) => <input {...props} type="email" value={form.email} onChange={(e) => set('email', e.target.value)} />}
            </Field>
            <Field label={t.form.url} errors={errors.url}>
              {(props) => <input {...props} type="url" value={form.url} onChange={(e) => set('url', e.target.value)} />}
            </Field>
          </div>
        </fieldset>

        <RowsFieldset
          legend={t.form.phones}
          errors={errors.phones}
          rows={form.phones}
          onRows={(rows) => set('phones', rows)}
          empty={emptyPhone}
          addLabel={t.form.addPhone}
          rowLabel={t.form.phone}
          removeLabel={t.form.removePhone}
          render={(row, update) => (
            <>
              <Field label={t.form.phoneNumber}>
                {(props) => <input {...props} type="tel" value={row.number} onChange={(e) => update({ ...row, number: e.target.value })} />}
              </Field>
              <Field label={t.form.phoneDescription}>
                {(props) => <input {...props} value={row.description} onChange={(e) => update({ ...row, description: e.target.value })} />}
              </Field>
            </>
          )}
        />

        <RowsFieldset
          legend={t.form.contacts}
          hint={t.form.contactsHint}
          errors={errors.contacts}
          rows={form.contacts}
          onRows={(rows) => set('contacts', rows)}
          empty={emptyContact}
          addLabel={t.form.addContact}
          rowLabel={t.form.contactRow}
          removeLabel={t.form.removeContact}
          render={(row, update) => (
            <>
              <Field label={t.form.contactName}>
                {(props) => <input {...props} value={row.name} onChange={(e) => update({ ...row, name: e.target.value })} />}
              </Field>
              <Field label={t.form.contactTitle}>
                {(props) => <input {...props} value={row.title} onChange={(e) => update({ ...row, title: e.target.value })} />}
              </Field>
              <Field label={t.form.contactEmail}>
                {(props) => <input {...props} type="email" value={row.email} onChange={(e) => update({ ...row, email: e.target.value })} />}
              </Field>
              <Field label={t.form.contactPhone}>
                {(props) => <input {...props} type="tel" value={row.phone} onChange={(e) => update({ ...row, phone: e.target.value })} />}
              </Field>
            </>
          )}
        />

        <RowsFieldset
          legend={t.form.schedules}
          hint={t.form.schedulesHint}
          errors={errors.schedules}
          rows={form.schedules}
          onRows={(rows) => set('schedules', rows)}
          empty={emptySchedule}
          addLabel={t.form.addSchedule}
          rowLabel={t.form.schedule}
          removeLabel={t.form.removeSchedule}
          render={(row, update) => (
            <>
              <Field label={t.form.day}>
                {(props) => (
                  <select {...props} value={row.day} onChange={(e) => update({ ...row, day: e.target.value as typeof row.day })}>
                    <option value="">{t.form.noDay}</option>
                    {daysOfWeek.map((day) => (
                      <option key={day} value={day}>
                        {t.form.days[day]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t.form.opens}>
                {(props) => <input {...props} type="time" value={row.opens} onChange={(e) => update({ ...row, opens: e.target.value })} />}
              </Field>
              <Field label={t.form.closes}>
                {(props) => <input {...props} type="time" value={row.closes} onChange={(e) => update({ ...row, closes: e.target.value })} />}
              </Field>
              <Field label={t.form.scheduleDescription}>
                {(props) => <input {...props} value={row.description} onChange={(e) => update({ ...row, description: e.target.value })} />}
              </Field>
            </>
          )}
        />

        <fieldset>
          <legend>{t.form.flags}</legend>
          <CheckField label={t.form.toComplete} checked={form.toComplete} onChange={(value) => set('toComplete', value)} />
          <CheckField label={t.form.isDemo} checked={form.isDemo} onChange={(value) => set('isDemo', value)} />
        </fieldset>

        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" disabled={saving}>
            {saving ? t.form.saving : id === null ? t.form.create : t.form.save}
          </button>
          {service !== null && service.status === 'Active' ? (
            <button type="button" className="button button--danger" onClick={() => setConfirming(true)} disabled={saving}>
              {t.deactivate.button}
            </button>
          ) : null}
        </div>
      </form>

      {confirming && service !== null ? (
        <DeactivateDialog service={service} busy={saving} onConfirm={() => void deactivate()} onClose={() => setConfirming(false)} />
      ) : null}
    </>
  );
}

function OutcomeText({ outcome, t }: { outcome: Outcome; t: DirectoryMessages }) {
  switch (outcome.kind) {
    case 'invalid': {
      const fields = serviceFields.filter((field) => outcome.byField[field] !== undefined);
      return (
        <>
          <p>{t.form.invalid}</p>
          <ul>
            {fields.flatMap((field) =>
              (outcome.byField[field] ?? []).map((message, index) => (
                <li key={`${field}-${index}`}>
                  {fieldLabel(field, t)} — {message}
                </li>
              )),
            )}
            {outcome.other.map((message, index) => (
              <li key={`other-${index}`}>{message}</li>
            ))}
          </ul>
        </>
      );
    }
    case 'conflict':
      return (
        <>
          <p>{t.form.conflict}</p>
          <ul>
            {outcome.conflicts.length === 0 && outcome.detail ? <li>{outcome.detail}</li> : null}
            {outcome.conflicts.map((conflict, index) => (
              <li key={index}>
                {t.rules[conflict.rule] ? `${t.import.rule(t.rules[conflict.rule] ?? conflict.rule)} ` : ''}
                {conflict.message}{' '}
                {conflict.serviceIds.length > 0 ? (
                  <>
                    {t.form.conflictServices}{' '}
                    {conflict.serviceIds.map((serviceId, i) => (
                      <span key={serviceId}>
                        {i > 0 ? ', ' : ''}
                        <a href={href(directoryArea, serviceId)}>{serviceId.slice(0, 8)}</a>
                      </span>
                    ))}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      );
    case 'error':
      return <p>{outcome.text}</p>;
    default:
      return null;
  }
}

function fieldLabel(field: ServiceField, t: DirectoryMessages): string {
  const labels: Record<ServiceField, string> = {
    organization: t.form.organization,
    name: t.form.name,
    kind: t.form.kind,
    status: t.form.status,
    departements: t.form.departements,
    communes: t.form.communes,
    description: t.form.description,
    email: t.form.email,
    url: t.form.url,
    phones: t.form.phones,
    contacts: t.form.contacts,
    schedules: t.form.schedules,
    protocol: t.form.charter,
  };
  return labels[field];
}

/** A repeatable group (phones, contacts, opening hours): rows added and removed, errors of the group below its legend. */
function RowsFieldset<Row>({
  legend,
  hint,
  errors,
  rows,
  onRows,
  empty,
  addLabel,
  rowLabel,
  removeLabel,
  render,
}: {
  legend: string;
  hint?: string;
  errors: string[] | undefined;
  rows: Row[];
  onRows: (rows: Row[]) => void;
  empty: Row;
  addLabel: string;
  rowLabel: (i: number) => string;
  removeLabel: (i: number) => string;
  render: (row: Row, update: (row: Row) => void) => ReactNode;
}) {
  const id = useId();
  const invalid = errors !== undefined && errors.length > 0;
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter((x) => x !== null).join(' ');
  return (
    <fieldset {...(describedBy ? { 'aria-describedby': describedBy } : {})}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      {invalid ? <FieldErrors id={`${id}-error`} errors={errors} /> : null}
      <ul className="admin-rows">
        {rows.map((row, index) => (
          <li key={index}>
            <div className="admin-row" role="group" aria-label={rowLabel(index + 1)}>
              {render(row, (updated) => onRows(rows.map((r, i) => (i === index ? updated : r))))}
              <button
                type="button"
                className="button button--small"
                onClick={() => onRows(rows.filter((_, i) => i !== index))}
                aria-label={removeLabel(index + 1)}
              >
                ✕
              </button>
            </div>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" className="button button--small" onClick={() => onRows([...rows, empty])}>
          {addLabel}
        </button>
      </p>
    </fieldset>
  );
}

function DeactivateDialog({
  service,
  busy,
  onConfirm,
  onClose,
}: {
  service: ServiceDto;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { m } = useI18n();
  const t = m.directory.deactivate;
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // The safe choice has the focus.
  useModalDialog(ref, cancelRef);
  const titleId = useId();
  const textId = useId();
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{t.title}</h2>
      <div id={textId}>
        <p>
          <strong>{service.name}</strong>
        </p>
        <p>{t.consequence}</p>
        {service.kind === 'DepartementalCell' ? <p>{t.departmental}</p> : null}
      </div>
      <div className="dialog__actions">
        <button ref={cancelRef} type="button" className="button" onClick={onClose}>
          {t.cancel}
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm} disabled={busy}>
          {busy ? t.working : t.confirm}
        </button>
      </div>
    </dialog>
  );
}
