import { describe, expect, it } from 'vitest';
import { allowedOccurrences, bannedWords, glossary } from './glossary';

// Every French message catalogue, as source text (functions included: their literal parts are checked too).
const catalogues = import.meta.glob(['../**/messages.ts', './fr.ts'], { query: '?raw', import: 'default', eager: true });

describe('the French vocabulary', () => {
  it('checks every catalogue', () => {
    expect(Object.keys(catalogues).length).toBeGreaterThanOrEqual(5);
    expect(glossary.map((entry) => entry.term)).toContain('orientation');
  });

  it.each(bannedWords)('never says $pattern (write $instead)', ({ pattern }) => {
    const found = Object.entries(catalogues).flatMap(([file, source]) =>
      String(source)
        .split('\n')
        .filter((line) => !allowedOccurrences.some((allowed) => line.includes(allowed)))
        // English catalogues sit in the same files: only lines with French text matter, but the words are French anyway.
        .filter((line) => pattern.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });
});
