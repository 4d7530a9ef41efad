import { describe, expect, it } from 'vitest';
import type { ServiceDto } from './api';
import { formOf, newServiceForm, requestOf, splitCodes } from './serviceForm';

const tarascon: ServiceDto = {
  id: '0194f3a2-0000-7000-8000-000000000001',
  organization: 'Mairie de Tarascon',
  name: 'CMER de Tarascon',
  kind: 'CommuneCell',
  status: 'Active',
  departements: [],
  communes: ['13108'],
  description: null,
  email: 'cmer@tarascon.example',
  url: null,
  phones: [{ number: '04 90 91 00 00', description: 'accueil' }],
  contacts: [{ name: 'Référent', title: null, email: null, phone: '04 90 91 00 01' }],
  schedules: [
    { day: 'Monday', opens: '09:00', closes: '12:00', description: null },
    { day: null, opens: null, closes: null, description: 'sur rendez-vous' },
  ],
  toComplete: false,
  isDemo: true,
  createdAt: '2026-11-27T08:00:00Z',
  updatedAt: '2026-11-27T08:00:00Z',
  protocol: {
    signedOn: '2025-01-15',
    prefectSignatory: 'Préfet de police',
    mayorSignatory: 'Maire de Tarascon',
    prosecutorSignatory: 'Procureur de Tarascon',
    directTransmission: true,
    allowedPurposes: ['examen-situation-cmer'],
    reviewOn: '2028-01-15',
  },
};

describe('splitCodes', () => {
  it('reads codes separated by commas, semicolons or spaces, upper-case and once', () => {
    expect(splitCodes(' 13108, 13063;13004  2a 13108 ')).toEqual(['13108', '13063', '13004', '2A']);
    expect(splitCodes('   ')).toEqual([]);
  });
});

describe('the service form', () => {
  it('round-trips a service through the form unchanged', () => {
    const request = requestOf(formOf(tarascon));
    expect(request).toEqual({
      organization: 'Mairie de Tarascon',
      name: 'CMER de Tarascon',
      kind: 'CommuneCell',
      status: 'Active',
      departements: [],
      communes: ['13108'],
      description: null,
      email: 'cmer@tarascon.example',
      url: null,
      phones: [{ number: '04 90 91 00 00', description: 'accueil' }],
      contacts: [{ name: 'Référent', title: null, email: null, phone: '04 90 91 00 01' }],
      schedules: [
        { day: 'Monday', opens: '09:00', closes: '12:00', description: null },
        { day: null, opens: null, closes: null, description: 'sur rendez-vous' },
      ],
      toComplete: false,
      isDemo: true,
      protocol: tarascon.protocol,
    });
  });

  it('sends no charter when it is unticked, or for a service that is not a commune cell', () => {
    const form = formOf(tarascon);
    expect(requestOf({ ...form, charter: { ...form.charter, signed: false } }).protocol).toBeNull();
    expect(requestOf({ ...form, kind: 'MandatedAssociation' }).protocol).toBeNull();
    expect(requestOf({ ...form, charter: { ...form.charter, purposes: ' a, b ;c ' } }).protocol?.allowedPurposes).toEqual(['a', 'b', 'c']);
  });

  it('sends every list so that an emptied one is cleared, and drops rows left blank', () => {
    const form = formOf(tarascon);
    form.phones = [{ number: '  ', description: '' }];
    form.contacts = [];
    form.schedules = [{ day: '', opens: '', closes: '', description: '' }];
    const request = requestOf(form);
    expect(request.phones).toEqual([]);
    expect(request.contacts).toEqual([]);
    expect(request.schedules).toEqual([]);
  });

  it('sends a half-filled row for the server to judge', () => {
    const form = newServiceForm();
    form.phones = [{ number: '', description: 'accueil' }];
    expect(requestOf(form).phones).toEqual([{ number: '', description: 'accueil' }]);
  });

  it('sends only the areas the kind takes, blanks as null', () => {
    const form = { ...newServiceForm('DepartementalCell'), departements: '13', communes: '13108', organization: '  ', email: ' ' };
    const request = requestOf(form);
    expect(request.departements).toEqual(['13']);
    expect(request.communes).toEqual([]);
    expect(request.organization).toBeNull();
    expect(request.email).toBeNull();
    expect(requestOf({ ...form, kind: 'NationalTeam' })).toMatchObject({ departements: [], communes: [] });
    expect(requestOf({ ...form, kind: 'MandatedAssociation' })).toMatchObject({ departements: ['13'], communes: ['13108'] });
  });
});
