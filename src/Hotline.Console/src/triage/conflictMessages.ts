// Messages of the conflict dialog (registered in messages.ts as `triage.conflict`; French first, English the same shape).

import type { MergePart } from './merge';

export const frConflict = {
  title: 'La fiche a été modifiée ailleurs',
  intro:
    'Un autre onglet ou un·e superviseur·e a enregistré la fiche pendant que vous la modifiiez. Leurs autres changements ont été repris ; pour ces champs, choisissez la version à garder.',
  yours: 'Votre version',
  theirs: 'L’autre version',
  keep: 'Garder ces choix et enregistrer',
  empty: '(vide)',
  yes: 'oui',
  no: 'non',
  merged: 'La fiche a été modifiée ailleurs : les changements ont été repris dans la vôtre.',
  parts: {
    callerRelation: 'Lien avec la personne concernée',
    age: 'Âge',
    place: 'Commune',
    warningSigns: 'Signes d’alerte',
    urgency: 'Niveau d’urgence',
    summary: 'Résumé',
    communeCellConsent: 'Accord de la famille',
    outcome: 'Issue de l’appel',
    danger: 'Danger immédiat',
  } satisfies Record<MergePart, string>,
};

export const enConflict: typeof frConflict = {
  title: 'The form was changed elsewhere',
  intro:
    'Another tab or a supervisor saved the form while you were editing it. Their other changes were taken in; for these fields, choose the version to keep.',
  yours: 'Your version',
  theirs: 'The other version',
  keep: 'Keep these choices and save',
  empty: '(empty)',
  yes: 'yes',
  no: 'no',
  merged: 'The form was changed elsewhere: the changes were taken into yours.',
  parts: {
    callerRelation: 'Relation to the person concerned',
    age: 'Age',
    place: 'Commune',
    warningSigns: 'Warning signs',
    urgency: 'Urgency level',
    summary: 'Summary',
    communeCellConsent: 'Family’s agreement',
    outcome: 'Outcome of the call',
    danger: 'Immediate danger',
  },
};
