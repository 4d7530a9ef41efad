// One vocabulary for the console (DOMAIN.md, "Vocabulary"): the words to use, and the ones never to use in French.

export interface GlossaryEntry {
  term: string;
  meaning: string;
}

export const glossary: readonly GlossaryEntry[] = [
  { term: 'orientation', meaning: 'Ce que la ligne transmet à un service pour la famille (jamais « signalement », qui évoque un rapport de police).' },
  {
    term: 'cellule municipale (CMER)',
    meaning: 'Cellule municipale d’échanges sur la radicalisation, créée par une charte préfet–maire–procureur (jamais « communale »).',
  },
  { term: 'cellule départementale', meaning: 'La cellule de prévention et d’accompagnement des familles (CPRAF) de la préfecture.' },
  { term: 'charte', meaning: 'Le protocole signé par le préfet, le maire et le procureur qui permet à une CMER de recevoir des informations nominatives.' },
  { term: 'accord de la famille', meaning: 'L’accord de la famille pour être recontactée et que son récit soit transmis : ce n’est pas une base légale.' },
  { term: 'finalité', meaning: 'Pourquoi une transmission est faite ; enregistrée avec chaque orientation.' },
  { term: 'base légale', meaning: 'Le texte qui fonde une transmission ; enregistrée avec chaque orientation.' },
];

/**
 * Words the French console never uses, with what to write instead. "Signalement" stays only as the caller's
 * own choice in the voice menu (the call motive "Signal"), which is the caller's word, not the line's.
 */
export const bannedWords: readonly { pattern: RegExp; instead: string }[] = [
  { pattern: /communale?s?\b/i, instead: 'municipale (cellule municipale, CMER)' },
  { pattern: /signalements?\b/i, instead: 'orientation' },
];

/** The one place the banned words may appear: the voice-menu motive chosen by the caller. */
export const allowedOccurrences: readonly string[] = ["Signal: 'Signalement'"];
