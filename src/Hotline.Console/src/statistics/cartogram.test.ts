import { describe, expect, it } from 'vitest';
import { classBounds, classOf, colourClasses, colourOf, mapSize, noDataColour, placeTiles, suppressedColour, tileSize } from './cartogram';
import { departementTiles } from './departements';

describe('the départements of the cartogram', () => {
  it('are the 101 départements, each once: 96 in the mainland with Corse as 2A and 2B, and 5 overseas', () => {
    const codes = departementTiles.map((tile) => tile.code);
    expect(codes).toHaveLength(101);
    expect(new Set(codes).size).toBe(101);
    expect(codes).toEqual(expect.arrayContaining(['01', '13', '2A', '2B', '84', '95', '971', '972', '973', '974', '976']));
    expect(codes).not.toContain('20');
    expect(codes).not.toContain('975');
    expect(codes.every((code) => /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-46])$/.test(code))).toBe(true);
  });

  it('have their names as the server names them', () => {
    const names = new Map(departementTiles.map((tile) => [tile.code, tile.name]));
    expect(names.get('13')).toBe('Bouches-du-Rhône');
    expect(names.get('2A')).toBe('Corse-du-Sud');
    expect(names.get('974')).toBe('La Réunion');
    expect(names.get('976')).toBe('Mayotte');
    expect(departementTiles.every((tile) => tile.name.trim().length > 0)).toBe(true);
  });

  it('are laid out one tile per square, roughly as on a map', () => {
    const squares = departementTiles.map((tile) => `${tile.x},${tile.y}`);
    expect(new Set(squares).size).toBe(101);
    const at = (code: string) => departementTiles.find((tile) => tile.code === code)!;
    // North above south, west left of east.
    expect(at('59').y).toBeLessThan(at('13').y);
    expect(at('29').x).toBeLessThan(at('67').x);
    expect(at('75').y).toBeLessThan(at('69').y);
    expect(at('2B').y).toBeLessThan(at('2A').y);
    // The overseas départements share the last row, below everything else.
    const overseas = departementTiles.filter((tile) => tile.code.startsWith('97'));
    const mainlandBottom = Math.max(...departementTiles.filter((tile) => !tile.code.startsWith('97')).map((tile) => tile.y));
    expect(new Set(overseas.map((tile) => tile.y)).size).toBe(1);
    expect(overseas[0]!.y).toBeGreaterThan(mainlandBottom);
  });

  it('are placed without overlap inside the map', () => {
    const placed = placeTiles();
    const size = mapSize(placed);
    for (const a of placed) {
      expect(a.left + tileSize).toBeLessThanOrEqual(size.width);
      expect(a.top + tileSize).toBeLessThanOrEqual(size.height);
    }
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const a = placed[i]!;
        const b = placed[j]!;
        const overlap = a.left < b.left + tileSize && b.left < a.left + tileSize && a.top < b.top + tileSize && b.top < a.top + tileSize;
        expect(overlap, `${a.code} and ${b.code}`).toBe(false);
      }
    }
  });
});

describe('the colour classes', () => {
  it('split 0 to the largest value in five equal steps', () => {
    expect(classBounds([0, 12, 50, null, undefined])).toEqual([10, 20, 30, 40, 50]);
    expect(classOf(0, [10, 20, 30, 40, 50])).toEqual({ kind: 'value', index: 0 });
    expect(classOf(10, [10, 20, 30, 40, 50])).toEqual({ kind: 'value', index: 0 });
    expect(classOf(11, [10, 20, 30, 40, 50])).toEqual({ kind: 'value', index: 1 });
    expect(classOf(50, [10, 20, 30, 40, 50])).toEqual({ kind: 'value', index: 4 });
  });

  it('keep steps of at least 1 when every value is small or zero', () => {
    expect(classBounds([])).toEqual([1, 2, 3, 4, 5]);
    expect(classBounds([0, 0])).toEqual([1, 2, 3, 4, 5]);
  });

  it('set withheld counts and départements without a figure apart', () => {
    expect(colourOf(classOf(null, [1, 2, 3, 4, 5]))).toBe(suppressedColour);
    expect(colourOf(classOf(undefined, [1, 2, 3, 4, 5]))).toBe(noDataColour);
    expect(colourOf(classOf(5, [1, 2, 3, 4, 5]))).toBe(colourClasses[4]);
  });
});
