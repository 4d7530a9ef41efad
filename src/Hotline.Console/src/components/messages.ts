// Texts of the shared console components: the immediate-danger banner (supervisors).

import type { EmergencyServicesConfirmation } from '../api/contract';

export const frDangerAlerts = {
  region: 'Alertes de danger immédiat',
  title: 'Danger immédiat',
  call: (time: string) => `Appel de ${time}`,
  counsellor: (name: string) => `signalé par ${name}`,
  departement: (name: string, code: string) => `${name} (${code})`,
  departementUnknown: 'département non connu',
  emergency: {
    CallerAdvised: 'le 17/112 a été conseillé à l’appelant·e',
    LineContacted: 'la ligne a contacté le 17/112',
  } satisfies Record<EmergencyServicesConfirmation, string>,
  justNow: 'à l’instant',
  takeCharge: 'J’ai pris en charge',
  taking: 'Enregistrement…',
  /** Read once by screen readers when an alert arrives. */
  announce: (text: string) => `Danger immédiat : ${text}`,
};

export const enDangerAlerts: typeof frDangerAlerts = {
  region: 'Immediate danger alerts',
  title: 'Immediate danger',
  call: (time: string) => `Call of ${time}`,
  counsellor: (name: string) => `reported by ${name}`,
  departement: (name: string, code: string) => `${name} (${code})`,
  departementUnknown: 'département not known',
  emergency: {
    CallerAdvised: 'the caller was told to ring 17/112',
    LineContacted: 'the line contacted 17/112',
  },
  justNow: 'just now',
  takeCharge: 'I have taken charge',
  taking: 'Saving…',
  announce: (text: string) => `Immediate danger: ${text}`,
};
