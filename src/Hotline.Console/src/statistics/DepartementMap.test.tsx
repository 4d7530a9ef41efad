import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/i18n';
import { DepartementMap } from './DepartementMap';
import { departementTiles } from './departements';

// Vitest runs in Node (no DOM): the static markup is read with patterns, attribute by attribute.
function render(values: ReadonlyMap<string, number | null>): string {
  return renderToStaticMarkup(
    <I18nProvider>
      <DepartementMap values={values} title="Appels présentés par département" />
    </I18nProvider>,
  );
}

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');

interface Tile {
  code: string;
  role: string;
  label: string;
  fill: string;
}

function tilesOf(html: string): Tile[] {
  return [...html.matchAll(/<g role="([^"]*)" aria-label="([^"]*)" data-departement="([^"]*)"[^>]*>.*?<rect[^>]*fill="([^"]*)"/g)].map((match) => ({
    role: match[1]!,
    label: decode(match[2]!),
    code: match[3]!,
    fill: match[4]!,
  }));
}

const textOf = (html: string) => decode(html.replace(/<[^>]+>/g, ''));

describe('the map of France by département', () => {
  it('has 101 tiles with unique codes, each labelled with its name and value', () => {
    const tiles = tilesOf(render(new Map<string, number | null>([['13', 42], ['84', null], ['974', 7]])));
    expect(tiles).toHaveLength(101);
    const codes = tiles.map((tile) => tile.code);
    expect(new Set(codes).size).toBe(101);
    expect(codes).toEqual(departementTiles.map((tile) => tile.code));
    for (const tile of tiles) {
      const name = departementTiles.find((d) => d.code === tile.code)!.name;
      expect(tile.role).toBe('img');
      expect(tile.label).toContain(name);
    }
    const label = (code: string) => tiles.find((tile) => tile.code === code)!.label;
    expect(label('13')).toBe('Bouches-du-Rhône (13) : 42');
    expect(label('84')).toBe('Vaucluse (84) : < 5');
    expect(label('974')).toBe('La Réunion (974) : 7');
    expect(label('2A')).toBe('Corse-du-Sud (2A) : sans donnée');
  });

  it('colours tiles by value, with a legend', () => {
    const html = render(new Map<string, number | null>([['13', 50], ['84', null], ['06', 0]]));
    const tiles = tilesOf(html);
    const fill = (code: string) => tiles.find((tile) => tile.code === code)!.fill;
    expect(fill('13')).not.toBe(fill('06'));
    expect(fill('84')).not.toBe(fill('13'));
    expect(fill('2B')).not.toBe(fill('06'));
    const legendList = /<div class="map-legend">.*?<ul>(.*?)<\/ul>/.exec(html)![1]!;
    const legend = [...legendList.matchAll(/<li>(.*?)<\/li>/g)].map((item) => textOf(item[1]!));
    expect(legend).toEqual(['0 à 10', '11 à 20', '21 à 30', '31 à 40', '41 à 50', 'Moins de 5', 'Hors du périmètre ou sans donnée']);
  });

  it('has a table of the same figures, for the départements that have one', () => {
    const html = render(new Map<string, number | null>([['84', null], ['13', 42]]));
    expect(/<table class="stat-table"><caption>(.*?)<\/caption>/.exec(html)![1]).toBe('Appels présentés par département');
    const body = /<tbody>(.*?)<\/tbody>/.exec(html)![1]!;
    const rows = [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1]!)));
    expect(rows).toEqual([
      ['Bouches-du-Rhône', '13', '42'],
      ['Vaucluse', '84', '< 5'],
    ]);
  });
});
