// Messages of the routing advice shown before the outcome is chosen (registered in messages.ts as `triage.advice`).

import type { RoutingReasonCode } from './api';

export const frAdvice = {
  /** One sentence: where, and the one reason. */
  recommended: (service: string, reason: string) => `Recommandé : ${service} — ${reason}`,
  goesTo: (service: string) => `→ ${service}`,
  loading: 'Orientation recommandée : calcul…',
  /** Short reasons, one per routing reason code (the long one is shown with the decision after the choice). */
  reasons: {
    NoReferral: 'pas d’orientation',
    CommuneCell: 'charte de transmission directe',
    CommuneCellViaCity: 'cellule de la ville, charte de transmission directe',
    NoCommuneCell: 'pas de cellule municipale pour cette commune',
    CommuneCellInactive: 'la cellule municipale est inactive',
    CommuneCellNoProtocol: 'pas de charte de transmission directe avec la cellule municipale',
    CommuneUnknown: 'commune inconnue',
    DepartementalCell: 'cellule départementale de la commune',
    DepartementGiven: 'département indiqué',
    DepartementFromPostalCode: 'département du code postal',
    OverseasCollectivity: 'collectivité d’outre-mer',
    PostalCodeAmbiguous: 'l’équipe nationale choisira (code postal sur plusieurs départements)',
    LocationUnknown: 'l’équipe nationale choisira (lieu inconnu)',
    NoActiveDepartementalCell: 'l’équipe nationale choisira (pas de cellule départementale active)',
    NoActiveStateRepresentative: 'l’équipe nationale choisira (pas de représentant de l’État actif)',
    ChildProtection: 'mineur en danger (CASF L226-3)',
    NoActiveChildProtection: 'l’équipe nationale choisira (pas de CRIP active)',
  } satisfies Record<RoutingReasonCode, string>,
};

export const enAdvice: typeof frAdvice = {
  recommended: (service: string, reason: string) => `Recommended: ${service} — ${reason}`,
  goesTo: (service: string) => `→ ${service}`,
  loading: 'Recommended referral: working it out…',
  reasons: {
    NoReferral: 'no referral',
    CommuneCell: 'direct transmission charter',
    CommuneCellViaCity: 'the city’s cell, direct transmission charter',
    NoCommuneCell: 'no municipal cell for this commune',
    CommuneCellInactive: 'the municipal cell is inactive',
    CommuneCellNoProtocol: 'no direct transmission charter with the municipal cell',
    CommuneUnknown: 'commune unknown',
    DepartementalCell: 'the commune’s departmental cell',
    DepartementGiven: 'département given',
    DepartementFromPostalCode: 'the postal code’s département',
    OverseasCollectivity: 'overseas collectivity',
    PostalCodeAmbiguous: 'the national team will choose (postal code across départements)',
    LocationUnknown: 'the national team will choose (place unknown)',
    NoActiveDepartementalCell: 'the national team will choose (no active departmental cell)',
    NoActiveStateRepresentative: 'the national team will choose (no active State representative)',
    ChildProtection: 'minor in danger (CASF L226-3)',
    NoActiveChildProtection: 'the national team will choose (no active CRIP)',
  },
};
