// Generates ../geography.json (embedded into Hotline.Server) from the INSEE Code officiel
// géographique as packaged by @etalab/decoupage-administratif. Run through ./refresh.sh, which
// installs the exact version pinned in package-lock.json (npm ci checks its sha512 integrity).
//
// The output is deterministic (no timestamps, sorted) so a refresh shows up as a readable diff:
// one record per line.

import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PACKAGE = '@etalab/decoupage-administratif'
const FORMAT = 1

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)
const out = join(here, '..', 'geography.json')

function fail (message) {
  console.error(`generate.mjs: ${message}`)
  process.exit(1)
}

// --- Provenance: the installed package must be exactly the one pinned in the lockfile. -----------
const manifest = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'))
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'))
const pinned = manifest.dependencies[PACKAGE]
if (!/^\d+\.\d+\.\d+$/.test(pinned)) fail(`${PACKAGE} must be pinned to an exact version in package.json, found "${pinned}"`)
const locked = lock.packages[`node_modules/${PACKAGE}`]
if (!locked || locked.version !== pinned || !locked.integrity?.startsWith('sha512-')) {
  fail(`package-lock.json does not pin ${PACKAGE}@${pinned} with a sha512 integrity; run "npm install --save-exact ${PACKAGE}@${pinned}"`)
}
const packageDir = dirname(require.resolve(`${PACKAGE}/package.json`))
const installed = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version
if (installed !== pinned) fail(`installed ${PACKAGE} is ${installed}, package.json pins ${pinned}; run ./refresh.sh (npm ci)`)

// The package README has a table "| millésime | version | ..." mapping each COG year to a package
// version: take the year from there rather than hard-coding it, so a version bump cannot silently
// keep the old year.
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8')
const yearRow = readme.split('\n').find(line => new RegExp(`^\\|\\s*(\\d{4})\\s*\\|\\s*${pinned.replace(/\./g, '\\.')}\\s*\\|`).test(line))
const cog = yearRow ? Number(/^\|\s*(\d{4})/.exec(yearRow)[1]) : Number(process.env.COG_YEAR)
if (!Number.isInteger(cog) || cog < 2000) fail(`cannot find the COG year of ${PACKAGE}@${pinned} in its README; set COG_YEAR`)

const load = name => JSON.parse(readFileSync(join(packageDir, 'data', `${name}.json`), 'utf8'))
const regions = load('regions')
const departements = load('departements')
const communes = load('communes')

const byCode = (a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : 0)

// --- Communes ---------------------------------------------------------------------------------
// Kept: current communes and the 45 municipal arrondissements of Paris, Lyon and Marseille (the
// postal codes of those three cities belong to their arrondissements). Left out: communes
// déléguées/associées. In this release none of them carries a postal code (checked below), so
// they add nothing to postal-code routing; their territory is covered by the current commune.
const KEPT = new Set(['commune-actuelle', 'arrondissement-municipal'])
const dropped = communes.filter(c => !KEPT.has(c.type))
if (dropped.some(c => c.codesPostaux?.length)) {
  fail('some commune-deleguee/associee now carries postal codes: decide whether to keep them (see README.md)')
}

const deptByCode = new Map(departements.map(d => [d.code, d]))
const kept = communes.filter(c => KEPT.has(c.type))
const seen = new Set()
const outCommunes = kept.map(c => {
  if (seen.has(c.code)) fail(`duplicate INSEE code ${c.code}`)
  seen.add(c.code)
  const d = deptByCode.get(c.departement)
  if (!d) fail(`commune ${c.code} has unknown département ${c.departement}`)
  // Zone and region are stored once per département; make sure that loses nothing.
  if (c.zone !== d.zone || c.region !== d.region) fail(`commune ${c.code} zone/region differs from its département ${d.code}`)
  const record = { c: c.code, n: c.nom, d: c.departement }
  if (c.type === 'arrondissement-municipal') {
    if (!c.commune) fail(`arrondissement ${c.code} has no parent commune`)
    record.p = c.commune
  }
  const postal = [...new Set(c.codesPostaux ?? [])].sort()
  for (const cp of postal) if (!/^\d{5}$/.test(cp)) fail(`commune ${c.code} has a malformed postal code "${cp}"`)
  if (postal.length) record.cp = postal
  if (Number.isInteger(c.population)) record.pop = c.population
  return record
}).sort(byCode)

for (const c of outCommunes) if (c.p && !seen.has(c.p)) fail(`arrondissement ${c.c} has unknown parent ${c.p}`)

// --- Départements and overseas collectivities --------------------------------------------------
const communeByCode = new Map(outCommunes.map(c => [c.c, c]))
const ZONES = new Set(['metro', 'drom', 'com'])
const outDepartements = departements.map(d => {
  if (!ZONES.has(d.zone)) fail(`département ${d.code} has unknown zone ${d.zone}`)
  const record = { c: d.code, n: d.nom, r: d.region, z: d.zone }
  // The préfecture must be a commune of that département. The package gives the TAAF (984)
  // "97502", which is Saint-Pierre in Saint-Pierre-et-Miquelon (the TAAF seat is Saint-Pierre in
  // La Réunion): an inconsistent reference is left out rather than shown to a counsellor.
  const seat = communeByCode.get(d.chefLieu)
  if (seat && seat.d === d.code) record.pref = d.chefLieu
  else console.warn(`generate.mjs: warning: ${d.code} ${d.nom}: chef-lieu ${d.chefLieu} is not one of its communes; left out`)
  return record
}).sort(byCode)

const outRegions = regions.map(r => ({ c: r.code, n: r.nom })).sort(byCode)
const regionCodes = new Set(outRegions.map(r => r.c))
for (const d of outDepartements) if (!regionCodes.has(d.r)) fail(`département ${d.c} has unknown region ${d.r}`)

// --- Write: a header, then one record per line. ------------------------------------------------
const header = {
  format: FORMAT,
  source: `${PACKAGE} ${pinned}`,
  integrity: locked.integrity,
  cog,
  license: 'INSEE Code officiel géographique and La Poste postal codes, via @etalab/decoupage-administratif; data under Licence Ouverte / Open Licence (Etalab)',
  keys: 'c=code (INSEE), n=name, d=département, p=parent commune (municipal arrondissement), cp=postal codes, pop=population, r=region, z=zone (metro|drom|com), pref=préfecture INSEE code'
}
const lines = Object.entries(header).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
const list = (name, items) => `${JSON.stringify(name)}:[\n${items.map(i => JSON.stringify(i)).join(',\n')}\n]`
const text = `{\n${[...lines, list('regions', outRegions), list('departements', outDepartements), list('communes', outCommunes)].join(',\n')}\n}\n`
writeFileSync(out, text)

const arrondissements = outCommunes.filter(c => c.p).length
const postalCodes = new Set(outCommunes.flatMap(c => c.cp ?? [])).size
console.log(`wrote ${out}: ${Buffer.byteLength(text)} bytes, COG ${cog}, ${outRegions.length} regions, ` +
  `${outDepartements.length} départements/collectivities, ${outCommunes.length} communes incl. ${arrondissements} arrondissements, ` +
  `${postalCodes} postal codes`)
