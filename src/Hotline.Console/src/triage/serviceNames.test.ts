import { describe, expect, it } from 'vitest';
import { frTo, shortServiceName } from './serviceNames';

describe('service names on buttons', () => {
  it('keeps the everyday part of a long name', () => {
    const prefecture = 'Cellule départementale de prévention et d’accompagnement des familles — Préfecture des Bouches-du-Rhône';
    expect(shortServiceName(prefecture)).toBe('Préfecture des Bouches-du-Rhône');
    expect(`Envoyer ${frTo(prefecture)}`).toBe('Envoyer à la préfecture des Bouches-du-Rhône');
  });

  it('a name without a dash stays whole, with the right article', () => {
    expect(`Envoyer ${frTo('CMER de Tarascon')}`).toBe('Envoyer à CMER de Tarascon');
    expect(frTo('Conseil départemental de Vaucluse — CRIP')).toBe('à CRIP');
    expect(frTo('Équipe nationale')).toBe('à l’équipe nationale');
    expect(frTo('Conseil départemental de Vaucluse')).toBe('au conseil départemental de Vaucluse');
  });
});
