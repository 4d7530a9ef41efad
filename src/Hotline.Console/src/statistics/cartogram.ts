// The tile cartogram's pure part: where each tile goes and which colour class its value falls in.
// No contour data is available to the console, so France is drawn as one square per département.

import { type DepartementTile, departementTiles } from './departements';

/** Side of a tile and the gap between tiles, in SVG units. */
export const tileSize = 44;
export const tileGap = 4;
/** The overseas départements' row is set apart from the mainland by this much. */
export const overseasOffset = 16;

export interface PlacedTile extends DepartementTile {
  left: number;
  top: number;
}

const overseasRow = Math.max(...departementTiles.map((tile) => tile.y));

export function placeTiles(tiles: readonly DepartementTile[] = departementTiles): PlacedTile[] {
  return tiles.map((tile) => ({
    ...tile,
    left: tile.x * (tileSize + tileGap),
    top: tile.y * (tileSize + tileGap) + (tile.y === overseasRow ? overseasOffset : 0),
  }));
}

export function mapSize(tiles: readonly PlacedTile[]): { width: number; height: number } {
  return {
    width: Math.max(...tiles.map((tile) => tile.left)) + tileSize,
    height: Math.max(...tiles.map((tile) => tile.top)) + tileSize,
  };
}

/** The top of the overseas row (where its caption goes). */
export function overseasTop(): number {
  return overseasRow * (tileSize + tileGap) + overseasOffset;
}

/** Sequential classes, light to dark; text colour chosen for contrast on each (≥ 4.5:1). */
export const colourClasses = [
  { fill: '#e8eef9', text: '#1a1f27' },
  { fill: '#b9cbef', text: '#1a1f27' },
  { fill: '#7f9fe0', text: '#1a1f27' },
  { fill: '#3565c4', text: '#ffffff' },
  { fill: '#173c84', text: '#ffffff' },
] as const;
/** A count withheld (fewer than 5) and a département without a figure (outside the reader's territory). */
export const suppressedColour = { fill: '#f4e7c5', text: '#1a1f27' } as const;
export const noDataColour = { fill: '#ffffff', text: '#4a5565' } as const;

/** What a tile shows: a count, a withheld count (null), or nothing for this département (undefined). */
export type TileValue = number | null | undefined;

export type TileClass = { kind: 'value'; index: number } | { kind: 'suppressed' } | { kind: 'none' };

/**
 * Equal steps from 0 to the largest value: five classes, upper bounds included ([0, s], (s, 2s]…).
 * A zero is its own lightest class; with every value at 0 everything is in the first class.
 */
export function classBounds(values: readonly TileValue[]): number[] {
  const max = Math.max(0, ...values.filter((value): value is number => typeof value === 'number'));
  const step = Math.max(1, Math.ceil(max / colourClasses.length));
  return colourClasses.map((_, index) => step * (index + 1));
}

export function classOf(value: TileValue, bounds: readonly number[]): TileClass {
  if (value === undefined) {
    return { kind: 'none' };
  }
  if (value === null) {
    return { kind: 'suppressed' };
  }
  const index = bounds.findIndex((bound) => value <= bound);
  return { kind: 'value', index: index < 0 ? bounds.length - 1 : index };
}

export function colourOf(tileClass: TileClass): { fill: string; text: string } {
  switch (tileClass.kind) {
    case 'none':
      return noDataColour;
    case 'suppressed':
      return suppressedColour;
    case 'value':
      return colourClasses[tileClass.index] ?? colourClasses[0];
  }
}
