import { describe, expect, it } from 'vitest';
import { allowedOccurrences, bannedWords, glossary } from './glossary';

// Every French message catalogue, as source text (functions included: their literal parts are checked too).
const catalogues = import.meta.glob(['../**/messages.ts', './fr.ts'], { query: '?raw', import: 'default', eager: true });

describe('the French vocabulary', () => {
  it('checks every catalogue', () => {
    expect(Object.keys(catalogues).length).toBeGreaterThanOrEqual(5);
    expect(glossary.map((entry) => entry.term)).toContain('orientation');
  });

  it('catches the banned words, and only them', () => {
    const caught = (text: string) => bannedWords.filter(({ pattern }) => pattern.test(text)).map(({ word }) => word);
    expect(caught('Trois signalements reçus')).toEqual(['signalement']);
    expect(caught('une cellule communale')).toEqual(['communale']);
    expect(caught('un jeune radicalisé')).toEqual(['radicalisé']);
    expect(caught('attribuer à un écoutant')).toEqual(['un écoutant']);
    // Neighbouring words are not caught: "affiché" is not "fiché", "radicalisation" not "radicalisé", "un·e écoutant·e" is right.
    expect(caught('Le code affiché, la radicalisation, un·e écoutant·e, les communes')).toEqual([]);
  });

  it.each(bannedWords)('never says $word (write $instead)', ({ pattern }) => {
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
