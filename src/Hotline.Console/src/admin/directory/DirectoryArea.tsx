import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { href, type Route } from '../../routing/route';
import '../admin.css';
import { ChoiceFilter, Field, ViewHeading } from '../fields';
import {
  type DirectoryFilters,
  directoryQuery,
  exportUrl,
  listServices,
  noDirectoryFilters,
  type ServiceSummary,
  serviceKinds,
  serviceStatuses,
  type TriState,
} from './api';
import { CsvImport } from './CsvImport';
import { ServiceEditor } from './ServiceEditor';

export const directoryArea = 'admin/directory';

/** Rows per page: the directory has about 120 services (101 departmental cells and the others). */
export const pageSize = 50;

/**
 * The directory for admins: `#/admin/directory` lists, `…/new` creates, `…/import` imports a CSV,
 * `…/<id>` edits. The filters and the page live here, so they are still set when coming back to the list.
 */
export function DirectoryArea({ route }: { route: Route }) {
  const [filters, setFilters] = useState<DirectoryFilters>(noDirectoryFilters);
  const [page, setPage] = useState(1);
  // Said once on the page a create leads to.
  const [flash, setFlash] = useState<string | null>(null);
  const open = route.rest[0];

  let view;
  if (open === undefined) {
    view = (
      <ServiceList
        filters={filters}
        onFilters={(next) => {
          setFilters(next);
          setPage(1);
        }}
        page={page}
        onPage={setPage}
      />
    );
  } else if (open === 'import') {
    view = <CsvImport />;
  } else {
    view = (
      <ServiceEditor
        key={open}
        id={open === 'new' ? null : open}
        flash={flash}
        onFlash={setFlash}
      />
    );
  }
  return <div className="admin">{view}</div>;
}

type ListState = { phase: 'loading' } | { phase: 'failed' } | { phase: 'ready'; services: ServiceSummary[] };

function ServiceList({
  filters,
  onFilters,
  page,
  onPage,
}: {
  filters: DirectoryFilters;
  onFilters: (filters: DirectoryFilters) => void;
  page: number;
  onPage: (page: number) => void;
}) {
  const { m } = useI18n();
  const t = m.directory;
  const [state, setState] = useState<ListState>({ phase: 'loading' });
  const query = directoryQuery(filters);

  useEffect(() => {
    let cancelled = false;
    // Typing in a text filter asks once the typing pauses.
    const timer = setTimeout(() => {
      void listServices(query).then((result) => {
        if (!cancelled) {
          setState(result.ok ? { phase: 'ready', services: result.data } : { phase: 'failed' });
        }
      });
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // The query string is the filters' identity: a new object with the same values asks nothing new.
  }, [query]);

  const set = <K extends keyof DirectoryFilters>(key: K, value: DirectoryFilters[K]) => onFilters({ ...filters, [key]: value });
  const services = state.phase === 'ready' ? state.services : [];
  const pages = Math.max(1, Math.ceil(services.length / pageSize));
  const current = Math.min(page, pages);
  const shown = services.slice((current - 1) * pageSize, current * pageSize);

  return (
    <>
      <header className="admin__header">
        <div>
          <ViewHeading>{t.title}</ViewHeading>
          <p className="admin__intro">{t.intro}</p>
        </div>
        <div className="admin__actions">
          <a className="button button--primary" href={href(directoryArea, 'new')}>
            {t.actions.create}
          </a>
          <a className="button" href={href(directoryArea, 'import')}>
            {t.actions.import}
          </a>
          <a className="button" href={exportUrl} download="directory.csv">
            {t.actions.export}
          </a>
        </div>
      </header>

      <section className="panel">
        <form role="search" onSubmit={(event) => event.preventDefault()}>
          <fieldset className="admin-filters">
            <legend>{t.filters.legend}</legend>
            <Field label={t.filters.search} hint={t.filters.searchHint}>
              {(props) => <input {...props} type="search" value={filters.search} onChange={(e) => set('search', e.target.value)} />}
            </Field>
            <Field label={t.filters.departement} hint={t.filters.departementHint}>
              {(props) => (
                <input {...props} value={filters.departement} maxLength={3} onChange={(e) => set('departement', e.target.value)} />
              )}
            </Field>
            <Field label={t.filters.commune} hint={t.filters.communeHint}>
              {(props) => (
                <input {...props} value={filters.commune} maxLength={5} onChange={(e) => set('commune', e.target.value)} />
              )}
            </Field>
            <ChoiceFilter
              label={t.filters.kind}
              anyLabel={t.filters.any}
              value={filters.kind}
              choices={serviceKinds}
              labels={t.kinds}
              onChange={(value) => set('kind', value)}
            />
            <ChoiceFilter
              label={t.filters.status}
              anyLabel={t.filters.any}
              value={filters.status}
              choices={serviceStatuses}
              labels={t.statuses}
              onChange={(value) => set('status', value)}
            />
            <TriStateField label={t.filters.toComplete} value={filters.toComplete} onChange={(v) => set('toComplete', v)} />
            <TriStateField label={t.filters.demo} value={filters.demo} onChange={(v) => set('demo', v)} />
            <div className="admin-filters__buttons">
              <button type="button" className="button" onClick={() => onFilters(noDirectoryFilters)} disabled={query === ''}>
                {t.filters.reset}
              </button>
            </div>
          </fieldset>
        </form>
      </section>

      <section className="panel" aria-labelledby="directory-results">
        <h2 id="directory-results" className="visually-hidden">
          {t.list.caption}
        </h2>
        <p className="admin-status" role="status">
          {state.phase === 'loading' ? t.list.loading : state.phase === 'failed' ? t.list.failed : t.list.count(services.length)}
        </p>
        {state.phase === 'ready' && services.length === 0 ? <p>{t.list.empty}</p> : null}
        {shown.length > 0 ? (
          <div className="admin-table-wrap">
            <table className="admin-table">
              <caption className="visually-hidden">{t.list.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.list.columns.service}</th>
                  <th scope="col">{t.list.columns.kind}</th>
                  <th scope="col">{t.list.columns.area}</th>
                  <th scope="col">{t.list.columns.status}</th>
                  <th scope="col">{t.list.columns.flags}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((service) => (
                  <tr key={service.id}>
                    <th scope="row">
                      <a href={href(directoryArea, service.id)}>{service.name}</a>
                      <span className="admin-table__sub">{service.organization}</span>
                    </th>
                    <td>{t.kinds[service.kind]}</td>
                    <td>{areaText(service, t)}</td>
                    <td>
                      <span className={`badge ${service.status === 'Active' ? 'badge--active' : 'badge--inactive'}`}>
                        {t.statuses[service.status]}
                      </span>
                    </td>
                    <td>
                      <span className="admin-flags">
                        {service.toComplete ? <span className="badge badge--todo">{t.list.toComplete}</span> : null}
                        {service.isDemo ? <span className="badge badge--demo">{t.list.demo}</span> : null}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {pages > 1 ? (
          <nav className="admin-pager" aria-label={t.list.pages}>
            <button type="button" className="button button--small" disabled={current <= 1} onClick={() => onPage(current - 1)}>
              {t.list.previous}
            </button>
            <span aria-live="polite">{t.list.page(current, pages)}</span>
            <button type="button" className="button button--small" disabled={current >= pages} onClick={() => onPage(current + 1)}>
              {t.list.next}
            </button>
          </nav>
        ) : null}
      </section>
    </>
  );
}

function TriStateField({ label, value, onChange }: { label: string; value: TriState; onChange: (value: TriState) => void }) {
  const { m } = useI18n();
  const t = m.directory.filters;
  return (
    <Field label={label}>
      {(props) => (
        <select {...props} value={value} onChange={(e) => onChange(e.target.value as TriState)}>
          <option value="">{t.any}</option>
          <option value="true">{t.yes}</option>
          <option value="false">{t.no}</option>
        </select>
      )}
    </Field>
  );
}

function areaText(service: ServiceSummary, t: ReturnType<typeof useI18n>['m']['directory']): string {
  const parts = [];
  if (service.departements.length > 0) {
    parts.push(t.list.departements(service.departements.join(', ')));
  }
  if (service.communes.length > 0) {
    parts.push(t.list.communes(service.communes.join(', ')));
  }
  return parts.length > 0 ? parts.join(' · ') : t.list.whole;
}
