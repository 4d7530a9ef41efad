// The service form's state and its mapping to and from the API: pure, tested offline.

import type { DayOfWeek, ServiceDto, ServiceKind, ServiceRequest, ServiceStatus } from './api';

export interface PhoneRow {
  number: string;
  description: string;
}

export interface ContactRow {
  name: string;
  title: string;
  email: string;
  phone: string;
}

export interface ScheduleRow {
  /** "" for a free-text row ("sur rendez-vous"). */
  day: DayOfWeek | '';
  opens: string;
  closes: string;
  description: string;
}

/** A commune cell's charter as typed (dates as yyyy-mm-dd, purposes as codes separated by commas). */
export interface CharterForm {
  signed: boolean;
  signedOn: string;
  prefect: string;
  mayor: string;
  prosecutor: string;
  direct: boolean;
  purposes: string;
  reviewOn: string;
}

export const noCharter: CharterForm = {
  signed: false,
  signedOn: '',
  prefect: '',
  mayor: '',
  prosecutor: '',
  direct: false,
  purposes: '',
  reviewOn: '',
};

export interface ServiceForm {
  organization: string;
  name: string;
  kind: ServiceKind;
  status: ServiceStatus;
  /** Codes as typed: separated by commas, semicolons or spaces. */
  departements: string;
  communes: string;
  description: string;
  email: string;
  url: string;
  phones: PhoneRow[];
  contacts: ContactRow[];
  schedules: ScheduleRow[];
  toComplete: boolean;
  isDemo: boolean;
  charter: CharterForm;
}

/** The fields the server names in its validation errors (ServiceRequest's JSON names). */
export const serviceFields = [
  'organization',
  'name',
  'kind',
  'status',
  'departements',
  'communes',
  'description',
  'email',
  'url',
  'phones',
  'contacts',
  'schedules',
  'protocol',
] as const;
export type ServiceField = (typeof serviceFields)[number];

export const emptyPhone: PhoneRow = { number: '', description: '' };
export const emptyContact: ContactRow = { name: '', title: '', email: '', phone: '' };
export const emptySchedule: ScheduleRow = { day: '', opens: '', closes: '', description: '' };

export function newServiceForm(kind: ServiceKind = 'CommuneCell'): ServiceForm {
  return {
    organization: '',
    name: '',
    kind,
    status: 'Active',
    departements: '',
    communes: '',
    description: '',
    email: '',
    url: '',
    phones: [],
    contacts: [],
    schedules: [],
    toComplete: false,
    isDemo: false,
    charter: noCharter,
  };
}

export function formOf(service: ServiceDto): ServiceForm {
  return {
    organization: service.organization,
    name: service.name,
    kind: service.kind,
    status: service.status,
    departements: service.departements.join(', '),
    communes: service.communes.join(', '),
    description: service.description ?? '',
    email: service.email ?? '',
    url: service.url ?? '',
    phones: service.phones.map((p) => ({ number: p.number, description: p.description ?? '' })),
    contacts: service.contacts.map((c) => ({ name: c.name, title: c.title ?? '', email: c.email ?? '', phone: c.phone ?? '' })),
    schedules: service.schedules.map((s) => ({
      day: s.day ?? '',
      opens: s.opens ?? '',
      closes: s.closes ?? '',
      description: s.description ?? '',
    })),
    toComplete: service.toComplete,
    isDemo: service.isDemo,
    charter: service.protocol
      ? {
          signed: true,
          signedOn: service.protocol.signedOn ?? '',
          prefect: service.protocol.prefectSignatory ?? '',
          mayor: service.protocol.mayorSignatory ?? '',
          prosecutor: service.protocol.prosecutorSignatory ?? '',
          direct: service.protocol.directTransmission ?? false,
          purposes: (service.protocol.allowedPurposes ?? []).join(', '),
          reviewOn: service.protocol.reviewOn ?? '',
        }
      : noCharter,
  };
}

/** "13108, 13063;13004 2A" → ["13108", "13063", "13004", "2A"]: codes upper-case (2A), each once. */
export function splitCodes(text: string): string[] {
  const codes = text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
  return [...new Set(codes)];
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

const blank = (row: object): boolean => Object.values(row).every((value) => typeof value !== 'string' || value.trim() === '');

/**
 * The request for the form as it is: every field and every list is sent, so an update replaces them all
 * (an emptied list clears it). Rows left entirely blank are dropped, and so are the areas the kind does
 * not take (the form hides them); anything else goes to the server, which says what is wrong.
 */
export function requestOf(form: ServiceForm): ServiceRequest {
  const areas = areasOf(form.kind);
  return {
    organization: text(form.organization),
    name: text(form.name),
    kind: form.kind,
    status: form.status,
    departements: areas.departements ? splitCodes(form.departements) : [],
    communes: areas.communes ? splitCodes(form.communes) : [],
    description: text(form.description),
    email: text(form.email),
    url: text(form.url),
    phones: form.phones.filter((p) => !blank(p)).map((p) => ({ number: p.number.trim(), description: text(p.description) })),
    contacts: form.contacts
      .filter((c) => !blank(c))
      .map((c) => ({ name: c.name.trim(), title: text(c.title), email: text(c.email), phone: text(c.phone) })),
    schedules: form.schedules
      .filter((s) => !blank(s))
      .map((s) => ({ day: s.day === '' ? null : s.day, opens: text(s.opens), closes: text(s.closes), description: text(s.description) })),
    toComplete: form.toComplete,
    isDemo: form.isDemo,
    // Only a commune cell has a charter; unticked, it has none (and receives nothing).
    protocol:
      form.kind === 'CommuneCell' && form.charter.signed
        ? {
            signedOn: text(form.charter.signedOn),
            prefectSignatory: text(form.charter.prefect),
            mayorSignatory: text(form.charter.mayor),
            prosecutorSignatory: text(form.charter.prosecutor),
            directTransmission: form.charter.direct,
            allowedPurposes: form.charter.purposes
              .split(/[\s,;]+/)
              .map((code) => code.trim())
              .filter((code) => code !== ''),
            reviewOn: text(form.charter.reviewOn),
          }
        : null,
  };
}

/** Which areas a kind takes (the server's DirectoryValidation.CheckAreas): the form shows only those. */
export function areasOf(kind: ServiceKind): { departements: boolean; communes: boolean } {
  switch (kind) {
    case 'DepartementalCell':
    case 'StateRepresentative':
    case 'ChildProtection':
      return { departements: true, communes: false };
    case 'CommuneCell':
      return { departements: false, communes: true };
    case 'MandatedAssociation':
      return { departements: true, communes: true };
    case 'NationalTeam':
      return { departements: false, communes: false };
  }
}
