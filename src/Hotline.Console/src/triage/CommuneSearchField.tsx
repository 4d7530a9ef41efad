import { useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { type CommuneChoice, searchCommunes } from './api';

/**
 * "Autre commune": a search by name over the official geography (accents, hyphens and "St-" ignored), each
 * result with its département, since names repeat (Saint-Rémy: 13, 21, 71…). Choosing one sets the INSEE code.
 */
export function CommuneSearchField({
  chosen,
  onChoose,
  invalid,
}: {
  /** The INSEE code chosen so far ('' if none). */
  chosen: string;
  onChoose: (code: string) => void;
  invalid: boolean;
}) {
  const { m } = useI18n();
  const t = m.triage.concerned;
  const inputId = useId();
  const hintId = useId();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; results: CommuneChoice[] } | null>(null);

  useEffect(() => {
    const text = query.trim();
    if (text.length < 2) {
      return;
    }
    let cancelled = false;
    // A pause in typing, then one request; an older answer never replaces a newer one.
    const timer = setTimeout(() => {
      void searchCommunes(text).then((result) => {
        if (!cancelled) {
          setFound({ query: text, results: result.ok ? result.data : [] });
        }
      });
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query]);

  const current = found !== null && found.query === query.trim() ? found.results : null;
  return (
    <div className="field commune-search">
      <label htmlFor={inputId}>{t.searchLabel}</label>
      <p id={hintId} className="field__hint">
        {t.searchHint}
      </p>
      <input
        id={inputId}
        type="search"
        autoComplete="off"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={hintId}
      />
      {current !== null ? (
        current.length === 0 ? (
          <p className="triage__muted" role="status">
            {t.searchNone}
          </p>
        ) : (
          <ul className="commune-search__results" aria-label={t.searchResults}>
            {current.map((commune) => (
              <li key={commune.code}>
                <button
                  type="button"
                  className={`button button--small${commune.code === chosen ? ' commune-search__chosen' : ''}`}
                  aria-pressed={commune.code === chosen}
                  onClick={() => onChoose(commune.code)}
                >
                  {t.communeOption(commune.name, commune.departementName, commune.departementCode)}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
