// The register of the processing's texts: French (the reference shape) and English. The server sends codes and
// periods from its configuration; the words are here.

import type { RegisterDataKind, SharedDetails } from './api';

export const frRegister = {
  nav: 'Registre des traitements',
  title: 'Registre des traitements',
  intro:
    'Généré à partir de la configuration en vigueur du serveur (finalités et bases légales des transmissions, règle des données minimales, durées de conservation) : il dit ce que le logiciel applique, à l’instant.',
  generatedAt: (when: string) => `Généré le ${when}`,
  loading: 'Chargement du registre…',
  loadFailed: 'Le registre n’a pas pu être chargé.',
  processing: {
    title: 'Le traitement',
    purpose:
      'Écoute, information et orientation des familles et des proches inquiets d’une possible radicalisation (ligne nationale d’écoute) ; orientation vers les services locaux d’accompagnement.',
    persons: 'Personnes concernées : les appelants (souvent un parent) et la personne dont ils s’inquiètent.',
    notIntelligence: 'Ce n’est pas un fichier de renseignement : l’évaluation de la dangerosité relève du GED de la préfecture.',
  },
  recipients: {
    title: 'Destinataires, par type de service',
    kind: 'Type de destinataire',
    active: 'Services actifs',
    purposes: 'Finalités possibles',
    legalBases: 'Bases légales possibles',
    withAgreement: 'Données transmises avec l’accord de la famille',
    withoutAgreement: 'Sans cet accord',
    none: 'Aucune (non configuré)',
  },
  details: {
    Commune: 'commune',
    Urgency: 'niveau d’urgence',
    Purpose: 'finalité et base légale',
    CallerRelation: 'qui appelle',
    ConcernedPerson: 'personne concernée (âge, mineure ou non)',
    WarningSigns: 'signes observés',
    Summary: 'résumé de l’appel',
  } satisfies Record<Exclude<SharedDetails, 'None'>, string>,
  categories: {
    title: 'Catégories de données et durées de conservation',
    category: 'Catégorie',
    sensitive: 'Sensible (art. 9 ou 10)',
    encrypted: 'Chiffrée',
    kept: 'Conservation',
    yes: 'oui',
    no: 'non',
  },
  dataKinds: {
    CallerNumberHash: 'Empreinte du numéro appelant (HMAC à clé, jamais le numéro)',
    CallbackNumber: 'Numéro laissé pour être rappelé',
    VoicemailRecording: 'Message vocal',
    CallLocation: 'Code postal et commune de l’appel',
    WebMessage: 'Message du formulaire de contact et coordonnées',
    Triage: 'Fiche de triage (qui appelle, personne concernée, commune, signes, urgence, issue)',
    TriageSummary: 'Résumé de l’appel',
    ReferralSnapshot: 'Contenu d’une orientation tel qu’envoyé',
    ReferralNotes: 'Notes, motifs de réorientation et de clôture des services',
    AuditTrail: 'Journal d’audit (identifiants pseudonymes)',
  } satisfies Record<RegisterDataKind, string>,
  retention: {
    title: 'Durées configurées',
    setting: 'Paramètre',
    period: 'Durée',
    meaning: 'Règle',
  },
  settings: {
    'Retention:CallsWithoutFollowUp': 'Appels sans suite : anonymisés après',
    'Retention:ClosedReferrals': 'Appels orientés : anonymisés après la clôture de leurs orientations, au bout de',
    'Referrals:MaxOpen': 'Orientation toujours ouverte : signalée aux superviseurs après',
    'Retention:StaleReferrals': 'Orientation jamais close et sans activité : anonymisée après',
    'Retention:CallbackNumbers': 'Numéros de rappel : supprimés après',
    'Retention:Recordings': 'Messages vocaux : supprimés après',
    'Retention:WebContacts': 'Messages du formulaire : supprimés après',
    'Audit:Retention': 'Journal d’audit : conservé',
  } as Record<string, string>,
  days: (n: number) => `${n} ${n <= 1 ? 'jour' : 'jours'}`,
};

export type RegisterMessages = typeof frRegister;

export const enRegister: RegisterMessages = {
  nav: 'Register of processing',
  title: 'Register of processing',
  intro:
    'Generated from the server’s configuration in force (purposes and legal bases of transfers, the minimum-data rule, retention periods): it states what the software applies, now.',
  generatedAt: (when: string) => `Generated on ${when}`,
  loading: 'Loading the register…',
  loadFailed: 'The register could not be loaded.',
  processing: {
    title: 'The processing',
    purpose:
      'Listening to, informing and referring families and relatives worried about a possible radicalisation (national helpline); referral to local support services.',
    persons: 'Data subjects: callers (often a parent) and the person they worry about.',
    notIntelligence: 'This is not an intelligence file: assessing dangerousness belongs to the préfecture’s GED.',
  },
  recipients: {
    title: 'Recipients, by kind of service',
    kind: 'Kind of recipient',
    active: 'Active services',
    purposes: 'Possible purposes',
    legalBases: 'Possible legal bases',
    withAgreement: 'Data sent with the family’s agreement',
    withoutAgreement: 'Without it',
    none: 'None (not configured)',
  },
  details: {
    Commune: 'commune',
    Urgency: 'urgency level',
    Purpose: 'purpose and legal basis',
    CallerRelation: 'who called',
    ConcernedPerson: 'person concerned (age, minor or not)',
    WarningSigns: 'signs observed',
    Summary: 'call summary',
  },
  categories: {
    title: 'Data categories and retention',
    category: 'Category',
    sensitive: 'Sensitive (art. 9 or 10)',
    encrypted: 'Encrypted',
    kept: 'Retention',
    yes: 'yes',
    no: 'no',
  },
  dataKinds: {
    CallerNumberHash: 'Caller number fingerprint (keyed HMAC, never the number)',
    CallbackNumber: 'Number left for a callback',
    VoicemailRecording: 'Voicemail',
    CallLocation: 'Postal code and commune of the call',
    WebMessage: 'Contact-form message and contact details',
    Triage: 'Triage (who called, person concerned, commune, signs, urgency, outcome)',
    TriageSummary: 'Call summary',
    ReferralSnapshot: 'What a referral carried when sent',
    ReferralNotes: 'Services’ notes, redirection and closing reasons',
    AuditTrail: 'Audit trail (pseudonymous ids)',
  },
  retention: {
    title: 'Configured periods',
    setting: 'Setting',
    period: 'Period',
    meaning: 'Rule',
  },
  settings: {
    'Retention:CallsWithoutFollowUp': 'Calls without follow-up: anonymised after',
    'Retention:ClosedReferrals': 'Referred calls: anonymised after their referrals closed, after',
    'Referrals:MaxOpen': 'Referral still open: escalated to supervisors after',
    'Retention:StaleReferrals': 'Referral never closed and untouched: anonymised after',
    'Retention:CallbackNumbers': 'Callback numbers: deleted after',
    'Retention:Recordings': 'Voicemails: deleted after',
    'Retention:WebContacts': 'Contact-form messages: deleted after',
    'Audit:Retention': 'Audit trail: kept for',
  },
  days: (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`,
};
