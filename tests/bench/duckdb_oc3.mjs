// The national benchmark's second yardstick: what a data team using DuckDB would
// write, idiomatic SQL (read_csv, GROUP BY with FILTER) computing the OC3
// care-leaver indicators per authority from the same care_leavers.csv that
// `sustain run` reads, by the rules tests/bench/pandas_oc3.py states: the same
// figures, and the same CSV layout, so that tests/bench/oc3_check.py checks
// either against a plan.
//
// Usage: node duckdb_oc3.mjs [CARE_LEAVERS.csv] [-o OUT.csv] [--date YYYY-MM-DD]
//                            [--threads N] [--modules DIR]
//        node duckdb_oc3.mjs --version [--modules DIR]
// Writes one row per authority to OUT.csv or stdout, and its own elapsed time
// (after loading DuckDB) to stderr; --version prints DuckDB's version. DIR holds the node_modules folder with
// @duckdb/node-api (default build/bench-node; tests/bench/package.json pins it).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    output: { type: 'string', short: 'o', default: '-' },
    date: { type: 'string', default: '2024-03-31' },
    threads: { type: 'string', default: '1' },
    modules: { type: 'string', default: 'build/bench-node' },
    version: { type: 'boolean', default: false },
  },
});
const input = positionals[0] ?? 'build/national/scale-1/care_leavers.csv';
const require = createRequire(resolve(options.modules, 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const GROUPS = ['17-18', '19-21'];
const SIDES = ['no', 'yes']; // in_innovation, in the order pandas sorts them
// the flags counted per age group, in pandas_oc3.py's column order
const FLAGS = ['eet', 'suitability_n', 'suitable', 'in_touch', 'not_known', 'not_in_touch', 'refused',
  'no_longer_required', 'custody'];
const SIDE_FLAGS = ['eet', 'suitability_n', 'suitable'];

// The year to 31 March that an assessment on `date` speaks for.
function collectionYear(date) {
  const [year, month, day] = date.split('-').map(Number);
  return month > 3 || (month === 3 && day === 31) ? year : year - 1;
}

const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const list = (codes) => codes.map(quote).join(', ');
const EET = ['F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'];
const KNOWN_ACTIVITY = [...EET, 'G4', 'G5', 'G6']; // ACTIV codes other than 0 (not known)
const SUITABLE = [...'BCDEKTUVWYZ'].map((type) => `${type}1`); // not S1, X1, G, H, R
const UNKNOWABLE = [...'GHR'].flatMap((type) => [`${type}1`, `${type}2`]); // outside the suitability total

// the counts per age group, then per side of the innovation (in the cohort: with an
// age group), named and ordered as pandas_oc3.py's columns
function counts() {
  const byAge = ['n', ...FLAGS].flatMap((what) => GROUPS.map((group) =>
    `count(*) FILTER (WHERE age_group = '${group}'${what === 'n' ? '' : ` AND ${what}`}) AS "${what}_${group}"`));
  const bySide = ['n', ...SIDE_FLAGS].flatMap((what) => SIDES.map((side) =>
    `count(*) FILTER (WHERE age_group IS NOT NULL AND in_innovation = '${side}'${what === 'n' ? '' : ` AND ${what}`})` +
    ` AS "${what}_innovation_${side}"`));
  return [...byAge, ...bySide].join(',\n    ');
}

const share = (part, whole, name) => `printf('%.6f', (${part}) / nullif(${whole}, 0)) AS "${name}"`;

function query(path, year) {
  const shares = GROUPS.flatMap((g) => [
    share(`"eet_${g}"`, `"n_${g}"`, `share_eet_${g}`),
    share(`"in_touch_${g}"`, `"n_${g}"`, `share_in_touch_${g}`),
    share(`"suitable_${g}"`, `"suitability_n_${g}"`, `share_suitable_${g}`)]);
  const sums = ['not_known', 'not_in_touch', 'refused', 'no_longer_required', 'custody']
    .map((what) => `"${what}_17-18" + "${what}_19-21" AS "${what}_17-21"`);
  return `
CREATE TEMP TABLE oc3 AS
WITH leavers AS (
  SELECT la, IN_TOUCH, in_innovation,
    -- a missing ACTIV or ACCOM is counted: as not known, and inside the suitability total
    coalesce(ACTIV, '') AS ACTIV, coalesce(ACCOM, '') AS ACCOM,
    -- DD/MM/YYYY as SSDA903 writes it, or YYYY-MM-DD; anything else is no age
    coalesce(try_strptime(DOB, '%d/%m/%Y'), try_strptime(DOB, '%Y-%m-%d')) AS dob
  FROM read_csv(${quote(path)}, header = true, all_varchar = true)
), aged AS (
  SELECT *, ${year} - year(dob) - (month(dob) > 3)::INTEGER AS age -- on 31 March
  FROM leavers
), flagged AS (
  SELECT la, in_innovation,
    -- no age group, so in no figure: a missing IN_TOUCH, DIED, RHOM, or an age outside 17 to 21
    CASE WHEN IN_TOUCH IS NULL OR IN_TOUCH IN ('DIED', 'RHOM') THEN NULL
         WHEN age BETWEEN 17 AND 18 THEN '17-18' WHEN age BETWEEN 19 AND 21 THEN '19-21' END AS age_group,
    ACTIV IN (${list(EET)}) AS eet,
    ACCOM NOT IN (${list(UNKNOWABLE)}) AS suitability_n,
    ACCOM IN (${list(SUITABLE)}) AS suitable,
    IN_TOUCH = 'YES' AS in_touch,
    ACTIV NOT IN (${list(KNOWN_ACTIVITY)}) AS not_known,
    IN_TOUCH = 'NO' AS not_in_touch,
    IN_TOUCH = 'REFU' AS refused,
    IN_TOUCH = 'NREQ' AS no_longer_required,
    ACCOM IN ('X1', 'X2') AS custody
  FROM aged
), counted AS (
  SELECT la,
    ${counts()}
  FROM flagged
  WHERE la IS NOT NULL
  GROUP BY la
)
SELECT *,
  ${shares.join(',\n  ')},
  "n_17-18" + "n_19-21" AS "n_17-21",
  ${share('"in_touch_17-18" + "in_touch_19-21"', '"n_17-18" + "n_19-21"', 'share_in_touch_17-21')},
  ${sums.join(',\n  ')}
FROM counted`;
}

async function version() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  console.log((await connection.runAndReadAll('SELECT version()')).getRows()[0][0]);
  connection.closeSync();
  instance.closeSync();
}

async function main() {
  const year = collectionYear(options.date);
  const start = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(`SET threads = ${Number(options.threads)}`);
  await connection.run(query(input, year));
  const computed = performance.now();
  const target = options.output === '-' ? '/dev/stdout' : options.output;
  await connection.run(`COPY (SELECT * FROM oc3 ORDER BY la) TO ${quote(target)} (HEADER, DELIMITER ',')`);
  const done = performance.now();
  const facts = await connection.runAndReadAll('SELECT version(), (SELECT count(*) FROM oc3)');
  const [version, authorities] = facts.getRows()[0];
  connection.closeSync();
  instance.closeSync();
  const seconds = (ms) => (ms / 1000).toFixed(3);
  console.error(`duckdb ${version}, threads = ${options.threads}: ${authorities} authorities, year to 31 March ` +
    `${year}: read and compute ${seconds(computed - start)} s, write ${seconds(done - computed)} s, ` +
    `total ${seconds(done - start)} s`);
}

(options.version ? version() : main()).catch((error) => {
  console.error(`duckdb_oc3: ${error.message}`);
  process.exit(1);
});
