// French: the console's first language and the reference catalogue. en.ts must match its shape
// (the `Messages` type below): a missing or extra key is a compile error.

import type {
  CallCardKind,
  CallMotive,
  ConnectionMode,
  Presence,
} from '../api/contract';
import type { DisplayStatus } from '../state/consoleReducer';
import { frReferrals } from '../referrals/messages';
import type { VoiceStatus } from '../voice/voiceStatus';
import { frTriage } from '../triage/messages';
import { frAudit } from '../admin/audit/messages';
import { frDirectory } from '../admin/directory/messages';
import { frAccounts } from '../accounts/messages';

const plural = (n: number, one: string, other: string): string => (n <= 1 ? one : other);

export const fr = {
  app: {
    name: 'Hotline',
    title: 'Hotline — console des écoutants',
    tagline: 'Ligne nationale d’écoute des familles — prévention de la radicalisation',
    skipToContent: 'Aller au contenu principal',
    loading: 'Chargement…',
    offerTitlePrefix: 'Appel proposé',
  },
  language: {
    label: 'Langue',
    names: { fr: 'Français', en: 'English' },
  },
  login: {
    title: 'Connexion',
    intro: 'Connectez-vous avec le compte qui vous a été remis.',
    userName: 'Identifiant',
    password: 'Mot de passe',
    submit: 'Se connecter',
    submitting: 'Connexion…',
    invalid: 'Identifiant ou mot de passe incorrect. Après 5 échecs, le compte est bloqué 15 minutes.',
    required: 'Saisissez votre identifiant et votre mot de passe.',
    network: 'Le serveur ne répond pas. Réessayez dans un instant.',
    unexpected: (status: number) => `Erreur inattendue du serveur (${status}).`,
  },
  nav: {
    label: 'Espaces de travail',
    console: 'Console d’écoute',
  },
  header: {
    signedInAs: 'Connecté·e en tant que',
    roles: 'Rôles',
    logout: 'Se déconnecter',
    roleNames: {
      Counsellor: 'Écoutant·e',
      Supervisor: 'Superviseur·e',
      Coordinator: 'Coordination départementale',
      CommuneCell: 'Cellule communale',
      Admin: 'Administration',
    } as Record<string, string>,
  },
  presence: {
    legend: 'Ma disponibilité',
    names: {
      Available: 'Disponible',
      Break: 'Pause',
      Offline: 'Hors ligne',
      Offered: 'Appel proposé',
      OnCall: 'En appel',
      WrapUp: 'Post-appel',
    } satisfies Record<Presence, string>,
    lockedHint: 'Fixé par l’appel en cours : vous redevenez disponible après le post-appel.',
    current: 'État actuel',
  },
  connection: {
    label: 'Connexion temps réel',
    states: {
      connecting: 'Connexion…',
      connected: 'Connecté',
      reconnecting: 'Reconnexion…',
      resyncing: 'Resynchronisation…',
      disconnected: 'Déconnecté',
    } satisfies Record<DisplayStatus, string>,
    retry: 'Se reconnecter',
  },
  queue: {
    title: 'File d’attente',
    count: (n: number) => (n === 0 ? 'Aucun appel en attente' : `${n} ${plural(n, 'appel en attente', 'appels en attente')}`),
    empty: 'Aucun appel en attente pour le moment.',
    motives: {
      Unspecified: 'Motif non précisé',
      Question: 'Question',
      Signal: 'Signalement',
      Urgent: 'Urgence',
    } satisfies Record<CallMotive, string>,
    kinds: {
      Live: 'En ligne',
      Voicemail: 'Message vocal',
      Callback: 'Rappel demandé',
    } satisfies Record<CallCardKind, string>,
    recording: (duration: string) => `Message de ${duration}`,
    priority: (p: number) => `Priorité ${p}`,
    waiting: (duration: string) => `Attente ${duration}`,
    waitingLabel: 'Temps d’attente',
    location: {
      unknown: 'Département inconnu',
      ambiguous: 'Département ambigu',
      notGiven: 'Lieu non indiqué',
      departement: (name: string, code: string) => `${name} (${code})`,
      postalCode: (code: string) => `CP ${code}`,
      communes: (n: number) => `${n} communes possibles`,
    },
    repeatCaller: (previous: number) =>
      previous > 0 ? `Appelant connu · ${previous} ${plural(previous, 'appel précédent', 'appels précédents')}` : 'Appelant connu',
    offeredTo: (name: string) => `Proposé à ${name}`,
    offered: 'Proposé',
    assign: 'Attribuer…',
    assignLabel: (motive: string) => `Attribuer l’appel (${motive}) à un écoutant`,
  },
  offer: {
    title: 'Appel proposé',
    intro: 'Un appel vous est proposé.',
    expiresIn: (seconds: number) => `Expire dans ${seconds} s`,
    expired: 'La proposition a expiré.',
    accept: 'Accepter',
    decline: 'Refuser',
    acceptKey: 'Entrée',
    declineKey: 'Échap',
    hint: 'Entrée pour accepter, Échap pour refuser.',
    working: 'Un instant…',
  },
  current: {
    title: 'Appel en cours',
    wrapUpTitle: 'Post-appel',
    idleTitle: 'Aucun appel en cours',
    idleAvailable: 'Vous êtes disponible : le prochain appel vous sera proposé ici.',
    idleNotAvailable: 'Passez « Disponible » pour recevoir des appels.',
    connectedFor: (duration: string) => `En ligne depuis ${duration}`,
    openFor: (duration: string) => `Ouvert depuis ${duration}`,
    ended: 'Appel terminé.',
    wrapUpEndsIn: (duration: string) => `Fin du post-appel dans ${duration}`,
    wrapUpFor: (duration: string) => `Post-appel depuis ${duration}`,
    wrapUpNoContext: 'Le contexte de l’appel n’est plus disponible après le rechargement de la page.',
    modes: {
      Browser: 'Audio dans le navigateur.',
      Phone: 'L’appel est transféré sur votre téléphone.',
      Simulated: 'Appel connecté sans audio dans le navigateur (mode simulateur).',
    } satisfies Record<ConnectionMode, string>,
    context: 'Contexte de l’appelant',
    motive: 'Motif',
    kind: 'Type',
    location: 'Localisation',
    commune: 'Commune',
    repeat: 'Appelant connu',
    repeatNo: 'Premier appel',
    hangUp: 'Raccrocher',
    itemTitle: {
      Voicemail: 'Message vocal',
      Callback: 'Rappel',
    },
    itemHint: {
      Voicemail: 'La lecture du message dans la console n’est pas encore disponible.',
      Callback: 'Le rappel de la famille est lancé par le serveur.',
    },
    finishItem: 'Marquer comme traité',
  },
  voice: {
    states: {
      off: 'Audio dans le navigateur désactivé.',
      starting: 'Audio : préparation…',
      ready: 'Audio : prêt.',
      inCall: 'Audio : en communication.',
      error: 'Audio : indisponible.',
    } satisfies Record<VoiceStatus, string>,
  },
  answering: {
    title: 'Où je réponds aux appels',
    modes: {
      Browser: 'Dans le navigateur',
      Phone: 'Sur mon téléphone',
    },
    phone: 'Mon numéro de téléphone',
    phoneHint: 'Au format international, par exemple +33612345678. Il est conservé chiffré et n’est jamais réaffiché.',
    phoneSetHint: 'Un numéro est enregistré (il n’est jamais réaffiché). Saisissez-en un autre pour le remplacer.',
    save: 'Enregistrer',
    saved: 'Enregistré : s’applique aux prochains appels.',
    invalidPhone: 'Saisissez un numéro au format international, par exemple +33612345678.',
    failed: 'L’enregistrement n’a pas abouti. Réessayez.',
  },
  supervision: {
    title: 'Supervision',
    waiting: 'Appels en attente',
    longestWait: 'Attente la plus longue',
    available: 'Écoutants disponibles',
    onCall: 'En appel',
    counsellors: 'Écoutants',
    name: 'Nom',
    presence: 'État',
    timeInState: 'Depuis',
    none: 'Aucun écoutant.',
  },
  assign: {
    title: 'Attribuer l’appel',
    counsellor: 'Écoutant',
    option: (name: string, presence: string) => `${name} — ${presence}`,
    submit: 'Attribuer',
    cancel: 'Annuler',
    noneAvailable: 'Aucun écoutant disponible pour le moment.',
    gone: 'Cet appel n’est plus en attente.',
  },
  notices: {
    region: 'Notifications',
    dismiss: 'Fermer',
    codes: {
      'console.offerNotAccepted': 'Cet appel n’a pas pu vous être attribué.',
      'console.offerWithdrawn': 'La proposition d’appel a été retirée.',
      'console.actionFailed': 'L’action n’a pas abouti.',
      'console.assigned': 'Appel proposé à l’écoutant choisi.',
      'console.assignFailed': 'Attribution impossible : l’appel n’attend plus ou l’écoutant n’est plus disponible.',
      'connection-failed': 'La mise en relation avec l’appelant a échoué : l’appel retourne dans la file.',
      'connection-lost': 'La communication a été perdue : l’appel retourne dans la file.',
      'callback-failed': 'Le rappel n’a pas pu être lancé : la demande retourne dans la file.',
      'callback-unanswered': 'Le rappel est resté sans réponse : la demande retourne dans la file.',
      'console.finishFailed': 'Cet élément n’a pas pu être clos : il n’est plus à vous ou déjà traité.',
      'console.voiceFailed': 'L’audio dans le navigateur n’a pas pu démarrer.',
      'supervisor-alert.ImmediateDanger': 'Danger immédiat signalé par un écoutant : appels 17/112 confirmés.',
      'supervisor-alert.ReferralOverdue': 'Un signalement n’a pas été pris en compte à temps par le service destinataire.',
      'console.signedOut': 'Votre session a expiré : reconnectez-vous.',
    } as Record<string, string>,
    /** Why an offer ended or could not be accepted (the server's reason codes). */
    reasons: {
      expired: 'Proposition expirée : l’appel retourne dans la file.',
      reassigned: 'Un·e superviseur·e a confié cet appel à quelqu’un d’autre.',
      'caller-gone': 'L’appelant a raccroché avant la prise d’appel.',
      'offer-gone': 'Cette proposition n’est plus valable.',
      withdrawn: 'La proposition d’appel a été retirée.',
      'not-a-counsellor': 'Seuls les écoutants peuvent prendre un appel.',
    } as Record<string, string>,
    unknown: (code: string) => `Information du serveur : ${code}`,
  },
  triage: frTriage,
  noConsole: {
    title: 'Aucun espace pour ce compte',
    text: 'Votre compte n’a accès à aucun espace de travail. Demandez à un administrateur de vérifier vos rôles.',
  },
  referrals: frReferrals,
  directory: frDirectory,
  audit: frAudit,
  accounts: frAccounts,
};

export type Messages = typeof fr;
