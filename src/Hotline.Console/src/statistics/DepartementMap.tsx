import { useId, useMemo } from 'react';
import { useI18n } from '../i18n/i18n';
import {
  classBounds,
  classOf,
  colourClasses,
  colourOf,
  mapSize,
  noDataColour,
  overseasTop,
  placeTiles,
  suppressedColour,
  type TileValue,
  tileSize,
} from './cartogram';
import { DataTable } from './DataTable';
import { formatCount } from './format';

const tiles = placeTiles();
const size = mapSize(tiles);
const captionSpace = 14;

/**
 * France by département as a tile cartogram (one square per département, the overseas ones in a row
 * below), coloured by a count. `values`: a count, null for a count withheld ("< 5"), no entry for a
 * département outside what the reader may see. The same figures are in a table for screen readers.
 */
export function DepartementMap({ values, title }: { values: ReadonlyMap<string, number | null>; title: string }) {
  const { m, language } = useI18n();
  const t = m.statistics.map;
  const titleId = useId();
  const bounds = useMemo(() => classBounds([...values.values()]), [values]);
  const valueText = (value: TileValue) => (value === undefined ? t.noValue : formatCount(value, language));

  return (
    <figure className="stat-figure departement-map">
      <figcaption id={titleId} className="stat-figure__title">
        {title}
      </figcaption>
      <svg
        className="departement-map__svg"
        viewBox={`0 ${-captionSpace} ${size.width} ${size.height + captionSpace}`}
        role="group"
        aria-labelledby={titleId}
      >
        <text className="departement-map__overseas" x={0} y={overseasTop() - 4}>
          {t.overseas}
        </text>
        {tiles.map((tile) => {
          const value = values.get(tile.code);
          const colour = colourOf(classOf(value, bounds));
          const label = t.tileLabel(tile.name, tile.code, valueText(value));
          return (
            <g key={tile.code} role="img" aria-label={label} data-departement={tile.code} transform={`translate(${tile.left} ${tile.top})`}>
              <title>{label}</title>
              <rect width={tileSize} height={tileSize} rx={4} fill={colour.fill} stroke="#8a96a8" strokeWidth={1} />
              <text x={tileSize / 2} y={17} textAnchor="middle" className="departement-map__code" fill={colour.text}>
                {tile.code}
              </text>
              <text x={tileSize / 2} y={34} textAnchor="middle" className="departement-map__value" fill={colour.text}>
                {value === undefined ? '' : formatCount(value, language)}
              </text>
            </g>
          );
        })}
      </svg>
      <div className="map-legend">
        <span className="map-legend__title">{t.legend}</span>
        <ul>
          {colourClasses.map((colour, index) => (
            <li key={colour.fill}>
              <span className="map-legend__swatch" style={{ background: colour.fill }} aria-hidden="true" />
              {t.range(index === 0 ? 0 : (bounds[index - 1] ?? 0) + 1, bounds[index] ?? 0)}
            </li>
          ))}
          <li>
            <span className="map-legend__swatch" style={{ background: suppressedColour.fill }} aria-hidden="true" />
            {t.suppressed}
          </li>
          <li>
            <span className="map-legend__swatch" style={{ background: noDataColour.fill }} aria-hidden="true" />
            {t.none}
          </li>
        </ul>
      </div>
      <DataTable
        caption={t.tableCaption}
        headers={[t.name, t.code, title]}
        rows={tiles
          .filter((tile) => values.has(tile.code))
          .map((tile) => ({ key: tile.code, header: tile.name, cells: [tile.code, valueText(values.get(tile.code))] }))}
      />
    </figure>
  );
}
