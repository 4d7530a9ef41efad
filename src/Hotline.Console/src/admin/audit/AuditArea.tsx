import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { href, type Route } from '../../routing/route';
import { formatDateTime } from '../admin';
import '../admin.css';
import { ChoiceFilter, Field, ViewHeading } from '../fields';
import {
  type AuditEntry,
  type AuditFilters,
  auditActions,
  auditExportUrl,
  auditOutcomes,
  auditQuery,
  callEntityTypes,
  knownEntityTypes,
  listAudit,
  noAuditFilters,
} from './api';
import { LegalHoldPanel } from './LegalHoldPanel';

export const auditArea = 'admin/audit';

/** Entries per page (the server gives at most 1000 at once). */
const pageSize = 50;

type ListState = { phase: 'loading' } | { phase: 'failed' } | { phase: 'ready'; entries: AuditEntry[]; more: boolean };

/**
 * The audit trail for admins: filters the server applies, pages newest first (each page starts below the
 * last id of the one before), CSV export of the filtered set; and the legal hold of a call.
 * `#/admin/audit/legal-hold/<callId>` opens the legal hold of that call.
 */
/** `admin`: legal holds are the admin's; the data protection officer reads the trail only. */
export function AuditArea({ route, admin }: { route: Route; admin: boolean }) {
  const { m, language } = useI18n();
  const t = m.audit;
  // What is typed, and what is applied (the list and the export follow the applied filters only).
  const [draft, setDraft] = useState<AuditFilters>(noAuditFilters);
  const [filters, setFilters] = useState<AuditFilters>(noAuditFilters);
  // The "before" cursor of each page seen; the last is the current page.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  // Bumped when this page changes something the trail records (a legal hold), to show it.
  const [refresh, setRefresh] = useState(0);
  const legalHoldCall = route.rest[0] === 'legal-hold' ? (route.rest[1] ?? '') : null;
  const legalHoldRef = useRef<HTMLElement>(null);
  const before = cursors[cursors.length - 1];
  const query = auditQuery(filters);
  // The page on screen is the answer to one request; until the current request answers, it is loading.
  const request = `${query}|${before ?? ''}|${refresh}`;
  const [loaded, setLoaded] = useState<{ request: string; state: ListState } | null>(null);
  const state: ListState = loaded?.request === request ? loaded.state : { phase: 'loading' };

  useEffect(() => {
    let cancelled = false;
    void listAudit(filters, pageSize, before).then((result) => {
      if (!cancelled) {
        setLoaded({
          request,
          state: result.ok ? { phase: 'ready', entries: result.data.entries, more: result.data.more } : { phase: 'failed' },
        });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [filters, before, request]);

  useEffect(() => {
    if (legalHoldCall !== null) {
      legalHoldRef.current?.scrollIntoView({ block: 'start' });
    }
  }, [legalHoldCall]);

  // The query string is the filters' identity: the same values keep the applied object, and ask nothing new.
  const applyFilters = (next: AuditFilters) => setFilters((current) => (auditQuery(current) === auditQuery(next) ? current : next));

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    applyFilters(draft);
    setCursors([undefined]);
  }

  function reset() {
    setDraft(noAuditFilters);
    applyFilters(noAuditFilters);
    setCursors([undefined]);
  }

  const set = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const listId = useId();

  return (
    <div className="admin">
      <header className="admin__header">
        <div>
          <ViewHeading>{t.title}</ViewHeading>
          <p className="admin__intro">{t.intro}</p>
        </div>
        <div className="admin__actions">
          <a className="button" href={auditExportUrl + query} download="audit.csv">
            {t.export}
          </a>
        </div>
      </header>

      <section className="panel">
        <form role="search" onSubmit={apply}>
          <fieldset className="admin-filters">
            <legend>{t.filters.legend}</legend>
            <Field label={t.filters.user}>
              {(props) => <input {...props} value={draft.user} autoComplete="off" onChange={(e) => set('user', e.target.value)} />}
            </Field>
            <ChoiceFilter
              label={t.filters.action}
              anyLabel={t.filters.any}
              value={draft.action}
              choices={auditActions}
              labels={t.actions}
              onChange={(value) => set('action', value)}
            />
            <ChoiceFilter
              label={t.filters.outcome}
              anyLabel={t.filters.any}
              value={draft.outcome}
              choices={auditOutcomes}
              labels={t.outcomes}
              onChange={(value) => set('outcome', value)}
            />
            <Field label={t.filters.entityType}>
              {(props) => (
                <>
                  <input {...props} value={draft.entityType} list={`${listId}-types`} onChange={(e) => set('entityType', e.target.value)} />
                  <datalist id={`${listId}-types`}>
                    {knownEntityTypes.map((type) => (
                      <option key={type} value={type} />
                    ))}
                  </datalist>
                </>
              )}
            </Field>
            <Field label={t.filters.entityId}>
              {(props) => <input {...props} value={draft.entityId} onChange={(e) => set('entityId', e.target.value)} />}
            </Field>
            <Field label={t.filters.from}>
              {(props) => <input {...props} type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />}
            </Field>
            <Field label={t.filters.to}>
              {(props) => <input {...props} type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />}
            </Field>
            <div className="admin-filters__buttons">
              <button type="submit" className="button button--primary">
                {t.filters.apply}
              </button>
              <button type="button" className="button" onClick={reset}>
                {t.filters.reset}
              </button>
            </div>
          </fieldset>
        </form>
      </section>

      <section className="panel" aria-labelledby="audit-entries">
        <h2 id="audit-entries" className="visually-hidden">
          {t.caption}
        </h2>
        <p className="admin-status" role="status">
          {state.phase === 'loading'
            ? t.loading
            : state.phase === 'failed'
              ? t.failed
              : state.entries.length === 0
                ? t.empty
                : t.shown(state.entries.length, cursors.length)}
        </p>
        {state.phase === 'ready' && state.entries.length > 0 ? (
          <div className="admin-table-wrap">
            <table className="admin-table">
              <caption className="visually-hidden">{t.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.columns.at}</th>
                  <th scope="col">{t.columns.user}</th>
                  <th scope="col">{t.columns.action}</th>
                  <th scope="col">{t.columns.outcome}</th>
                  <th scope="col">{t.columns.entityType}</th>
                  <th scope="col">{t.columns.entityId}</th>
                  <th scope="col">{t.columns.address}</th>
                  <th scope="col">{t.columns.tools}</th>
                </tr>
              </thead>
              <tbody>
                {state.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="admin-table__nowrap">{formatDateTime(entry.at, language)}</td>
                    <td>
                      {entry.userName ?? (entry.userId === null ? t.system : t.deletedUser)}
                      {entry.userId !== null ? <span className="admin-table__sub admin-table__code">{entry.userId}</span> : null}
                    </td>
                    <td>{t.actions[entry.action] ?? entry.action}</td>
                    <td>
                      <span className={`badge ${entry.outcome === 'Denied' ? 'badge--denied' : 'badge--active'}`}>
                        {t.outcomes[entry.outcome] ?? entry.outcome}
                      </span>
                    </td>
                    <td className="admin-table__code admin-table__nowrap">{entry.entityType}</td>
                    <td className="admin-table__code">
                      {entry.reference ? <strong className="referral-reference">{entry.reference}</strong> : null}
                      {entry.reference ? <br /> : null}
                      {entry.entityId}
                    </td>
                    <td className="admin-table__code admin-table__nowrap">{entry.address ?? ''}</td>
                    <td>
                      {admin ? <EntryTools entry={entry} /> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {cursors.length > 1 || (state.phase === 'ready' && state.more) ? (
          <nav className="admin-pager" aria-label={t.pages}>
            <button
              type="button"
              className="button button--small"
              disabled={cursors.length <= 1}
              onClick={() => setCursors((current) => current.slice(0, -1))}
            >
              {t.newer}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={state.phase !== 'ready' || !state.more}
              onClick={() => {
                if (state.phase === 'ready' && state.entries.length > 0) {
                  const last = state.entries[state.entries.length - 1]!.id;
                  setCursors((current) => [...current, last]);
                }
              }}
            >
              {t.older}
            </button>
          </nav>
        ) : null}
      </section>

      {admin ? (
        <section ref={legalHoldRef} className="panel" aria-labelledby="legal-hold-title">
          <LegalHoldPanel key={legalHoldCall ?? ''} initialCallId={legalHoldCall ?? ''} onChanged={() => setRefresh((n) => n + 1)} />
        </section>
      ) : null}
    </div>
  );
}

/** Shortcuts from an entry: the legal hold of its call, or the directory service it is about. */
function EntryTools({ entry }: { entry: AuditEntry }) {
  const { m } = useI18n();
  const t = m.audit;
  if (callEntityTypes.includes(entry.entityType)) {
    return (
      <a href={href(auditArea, 'legal-hold', entry.entityId)} aria-label={t.openLegalHoldLabel(entry.entityId)}>
        {t.openLegalHold}
      </a>
    );
  }
  if (entry.entityType === 'DirectoryService') {
    return (
      <a href={href('admin/directory', entry.entityId)} aria-label={t.openServiceLabel(entry.entityId)}>
        {t.openService}
      </a>
    );
  }
  return null;
}
