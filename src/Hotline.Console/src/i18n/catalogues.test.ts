import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';

/** Every key path of a catalogue, with the kind of value (text or function) at its end. */
function shape(value: unknown, path = ''): string[] {
  if (typeof value === 'function') {
    return [`${path}:function/${value.length}`];
  }
  if (typeof value === 'string') {
    return [`${path}:string`];
  }
  return Object.entries(value as Record<string, unknown>)
    .flatMap(([key, child]) => shape(child, path ? `${path}.${key}` : key))
    .sort();
}

describe('message catalogues', () => {
  it('have the same keys and the same kinds of values in French and English', () => {
    expect(shape(en)).toEqual(shape(fr));
  });

  it('have no empty text', () => {
    for (const catalogue of [fr, en]) {
      expect(shape(catalogue).length).toBeGreaterThan(50);
      const texts = JSON.stringify(catalogue);
      expect(texts).not.toContain('""');
    }
  });

  it('count in each language', () => {
    expect(fr.queue.count(0)).toBe('Aucun appel en attente');
    expect(fr.queue.count(1)).toBe('1 appel en attente');
    expect(fr.queue.count(3)).toBe('3 appels en attente');
    expect(en.queue.count(1)).toBe('1 call waiting');
    expect(en.queue.count(2)).toBe('2 calls waiting');
  });
});
