// One vocabulary for the console (DOMAIN.md, "Vocabulary"): the words to use, and the ones never to use in French.
// The list itself is glossary.json, which the server's vocabulary test reads too (one list for both).

import source from './glossary.json';

export interface GlossaryEntry {
  term: string;
  meaning: string;
}

export const glossary: readonly GlossaryEntry[] = source.preferred;

/** Words the French console never uses, with what to write instead. */
export const bannedWords: readonly { word: string; pattern: RegExp; instead: string }[] = source.banned.map((entry) => ({
  word: entry.word,
  pattern: new RegExp(entry.pattern, 'iu'),
  instead: entry.instead,
}));

/**
 * The one place a banned word may appear: the voice-menu motive chosen by the caller ("Signalement"), which is the
 * caller's word, not the line's.
 */
export const allowedOccurrences: readonly string[] = source.allowedInConsole;
