import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, GOTOS, JsonPathError, parseJsonPath, PRODUCTIONS } from '../../src/custom-rules/checkov/jsonpath/parser.js';
import { findCheckov } from './checkov/checkov.js';

/*
 * Checkov's jsonpath_ operators read their attribute with bc_jsonpath_ng's extended parser. This
 * runs that parser itself (the Python of Checkov's environment) on random JSONPaths over random
 * documents and requires src/custom-rules/checkov/jsonpath/ to agree: the same parse errors, the
 * same exceptions from find(), and the same matches (values and full_path strings) in the same
 * order. Constructs Rampart refuses ("... is not supported") are counted, not compared. A second
 * test rebuilds PLY's LALR tables for the grammar and requires the ones in parser.ts to be those.
 *
 *   RAMPART_ORACLE_SEED=7 JSONPATH_RUNS=20000 npx vitest run test/oracles/jsonpath.oracle.test.ts
 */

// PLY builds its parser tables on every parse() call; built once here, as the answers are the same.
const PYTHON_SCRIPT = `
import json, sys
import ply.yacc
_cache = {}
_yacc = ply.yacc.yacc
def _cached(*a, **kw):
    key = kw.get("start")
    if key not in _cache:
        _cache[key] = _yacc(*a, **kw)
    return _cache[key]
ply.yacc.yacc = _cached
from bc_jsonpath_ng.ext import parse
out = []
for case in json.load(sys.stdin):
    try:
        p = parse(case["expr"])
    except Exception:
        out.append("error")
        continue
    try:
        out.append([[m.value, str(m.full_path)] for m in p.find(case["data"])])
    except Exception:
        out.append("raised")
json.dump(out, sys.stdout)
`;

const key = fc.constantFrom('a', 'b', 'name', 'image', 'n', 'spec', 'containers', 'x.y', 'k 1');
const scalar = fc.oneof(fc.constantFrom<unknown>(0, 1, 2, -1, 2.5, true, false, null, '', 'main', 'abc', '10', 'a.b'));
const { value: document } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));

const STEPS = [
  '.a', '.b', '.name', '.n', '.spec', '.containers', '.image', ".'x.y'", '."k 1"', '.*', '[*]', '[0]', '[1]', '[-1]', '[0:2]', '[1:]', '[:1]',
  "[?(@.name == 'main')]", '[?(@.n > 1)]', '[?(@.n)]', '[?(@.n != 2)]', "[?(@.name =~ 'a.*')]", '[?(@.n >= 1 & @.n < 3)]', '[?(@.n == true)]',
  '.`len`', '.`parent`', '.`this`', '[/n]', '[\\n]', '.`sorted`', '.`str()`', '..n', '..[0]', '.[0]', '[a,b]', '.a,b',
];
const ROOTS = ['$', '', '@', '`this`'];
const structured = fc
  .tuple(fc.constantFrom(...ROOTS), fc.array(fc.constantFrom(...STEPS), { minLength: 1, maxLength: 4 }), fc.constantFrom('', '', '', ' | $.b', ' where n', ' & $.a', ' + 1', ' * 2'))
  .map(([root, steps, tail]) => {
    const body = steps.join('');
    const text = root === '' ? body.replace(/^\./, '') : `${root}${body}`;
    return `${text}${tail}`;
  });
/** Token soup, for the lexer and the parser's errors. */
const soup = fc.array(fc.constantFrom('$', '.', '..', '[', ']', '*', '0', '1', '-1', ':', '?', '(', ')', '@', '==', '!=', '<', '>', '=~', '&', '|', 'a', "'b c'", '"d"', ' ', ',', '`len`', 'where', 'true', '1.5', '/', '\\'), { minLength: 1, maxLength: 8 }).map((t) => t.join(''));
const expression = fc.oneof({ weight: 4, arbitrary: structured }, { weight: 1, arbitrary: soup });

type Answer = 'error' | 'raised' | Array<[unknown, string]>;

const TABLES_SCRIPT = `
import json, sys, ply.yacc
from bc_jsonpath_ng.ext.parser import ExtentedJsonPathParser
y = ply.yacc.yacc(module=ExtentedJsonPathParser(), start='jsonpath', write_tables=False, debug=False, errorlog=ply.yacc.NullLogger())
json.dump({'action': y.action, 'goto': y.goto, 'productions': [[p.name, ' '.join(p.prod)] for p in y.productions]}, sys.stdout)
`;

function pythonOf(checkov: string): string {
  return checkov.includes('/') && existsSync(path.join(path.dirname(checkov), 'python')) ? path.join(path.dirname(checkov), 'python') : 'python3';
}

function ours(expr: string, data: unknown): Answer | 'refused' {
  let compiled;
  try {
    compiled = parseJsonPath(expr);
  } catch (error) {
    if (!(error instanceof JsonPathError)) throw error;
    return /not supported/.test(error.message) ? 'refused' : 'error';
  }
  try {
    return compiled.find(data).map((m) => [m.value, m.fullPath]);
  } catch (error) {
    if (!(error instanceof JsonPathError)) throw error;
    return /not supported/.test(error.message) ? 'refused' : 'raised';
  }
}

describe("bc_jsonpath_ng's extended parser, as Checkov's jsonpath_ operators read JSONPaths", () => {
  const checkov = findCheckov();

  it.skipIf(!checkov)('parses, raises and finds what Python does, with the same full paths', () => {
    const python = pythonOf(checkov!);
    const seed = Number(process.env.RAMPART_ORACLE_SEED ?? 20261207);
    const cases = fc.sample(fc.record({ expr: expression, data: fc.dictionary(key, document, { maxKeys: 5 }) }), { seed, numRuns: Number(process.env.JSONPATH_RUNS ?? 4000) });
    const run = spawnSync(python, ['-c', PYTHON_SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(run.status, run.stderr).toBe(0);
    const answers = JSON.parse(run.stdout) as Answer[];
    const differ: string[] = [];
    const tally = { error: 0, raised: 0, found: 0, refused: 0 };
    cases.forEach((c, i) => {
      const mine = ours(c.expr, structuredClone(c.data));
      if (mine === 'refused') {
        tally.refused++;
        return;
      }
      const theirs = answers[i]!;
      if (typeof theirs === 'string') tally[theirs]++;
      else if (theirs.length > 0) tally.found++;
      if (JSON.stringify(mine) !== JSON.stringify(theirs)) differ.push(`${c.expr} on ${JSON.stringify(c.data)}\n  Python: ${JSON.stringify(theirs)}\n  Rampart: ${JSON.stringify(mine)}`);
    });
    expect(differ.slice(0, 5), `${differ.length} of ${cases.length} differ (seed ${seed})`).toEqual([]);
    // The sample must hold every outcome, in numbers.
    if (process.env.JSONPATH_TALLY) console.log(tally);
    expect(tally.found).toBeGreaterThan(cases.length / 25);
    expect(tally.error).toBeGreaterThan(cases.length / 20);
    expect(tally.raised).toBeGreaterThan(cases.length / 100);
    expect(tally.refused).toBeLessThan(cases.length / 10);
  }, 120_000);

  it.skipIf(!checkov)("holds PLY's own parser tables for the grammar", () => {
    const run = spawnSync(pythonOf(checkov!), ['-c', TABLES_SCRIPT], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(run.status, run.stderr).toBe(0);
    const tables = JSON.parse(run.stdout) as { action: Record<string, Record<string, number>>; goto: Record<string, Record<string, number>>; productions: string[][] };
    const asObjects = (rows: ReadonlyArray<ReadonlyMap<string, number>>) => Object.fromEntries(rows.map((row, state) => [String(state), Object.fromEntries(row)]));
    expect(asObjects(ACTIONS)).toEqual(tables.action);
    const nonEmpty = (rows: Record<string, Record<string, number>>) => Object.fromEntries(Object.entries(rows).filter(([, row]) => Object.keys(row).length > 0));
    expect(nonEmpty(asObjects(GOTOS))).toEqual(nonEmpty(tables.goto));
    expect(PRODUCTIONS.map(([lhs, rhs]) => [lhs, rhs])).toEqual(tables.productions);
  });
});
