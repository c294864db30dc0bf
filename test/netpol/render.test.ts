/*
 * Golden files for every output format of map, explain and diff, on the shop fixture (three
 * tiers, a second namespace, an Ingress, an AdminNetworkPolicy). `UPDATE_GOLDEN=1` rewrites them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectivityMap } from '../../src/netpol/engine/connectivity-map.js';
import { diffConnectivity } from '../../src/netpol/diff/diff.js';
import { explainPair, resolveTarget, restrictExplanation } from '../../src/netpol/explain/explain.js';
import { exposureReport } from '../../src/netpol/exposure/report.js';
import { loadFiles } from '../../src/inputs/load.js';
import { analyzeInputs } from '../../src/netpol/load.js';

const analyzePaths = (paths: readonly string[]) => analyzeInputs(loadFiles(paths));
import { ConnSet, connSetFromList } from '../../src/netpol/ports/conn-set.js';
import { DIFF_FORMATS, renderDiff } from '../../src/netpol/render/diff-render.js';
import { explanationJson, explanationText } from '../../src/netpol/render/explain-render.js';
import { type MapFormat, renderMap } from '../../src/netpol/render/map-format.js';
import { MAP_FORMATS } from '../../src/netpol/render/map-formats.js';

const FIXTURES = path.relative(process.cwd(), path.join(import.meta.dirname, 'fixtures'));
const GOLDEN = path.join(import.meta.dirname, 'golden');

function golden(name: string, text: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const shop = analyzePaths([path.join(FIXTURES, 'shop')]);
const connections = connectivityMap(shop.analysis);

describe('netpol map formats', () => {
  it('loads the fixture without problems', () => {
    expect([...shop.errors, ...shop.warnings]).toEqual([]);
  });

  for (const [id, format] of MAP_FORMATS) {
    it(`renders ${id}`, () => golden(`map.${id}`, renderMap(format, { analysis: shop.analysis, connections }, { color: false })));
  }

  for (const id of ['table', 'json', 'markdown']) {
    it(`renders ${id} with the exposure report`, () => {
      const exposure = exposureReport(shop.analysis, connections);
      golden(`map-exposure.${id}`, renderMap(MAP_FORMATS.get(id) as MapFormat, { analysis: shop.analysis, connections, exposure }, { color: false }));
    });
  }

  it('keeps the JSON contract: { connections: [ { src, dst, ports } ] }, ports "all" or ["TCP 8080", ...]', () => {
    const out = JSON.parse(renderMap(MAP_FORMATS.get('json') as MapFormat, { analysis: shop.analysis, connections }, { color: false })) as { connections: Array<{ src: string; dst: string; ports: 'all' | string[] }> };
    expect(out.connections.length).toBe(connections.length);
    for (const c of out.connections) {
      expect(c.src).toMatch(/^([a-z0-9-]+\/[a-z0-9-]+|[0-9a-f.:/-]+|\{ingress-controller\})$/);
      expect(c.ports === 'all' || (Array.isArray(c.ports) && c.ports.every((p) => /^(TCP|UDP|SCTP) \d+(-\d+)?$/.test(p)))).toBe(true);
      expect(connSetFromList(c.ports)).toBeDefined();
    }
    expect(out.connections).toContainEqual(expect.objectContaining({ src: 'shop/api', dst: 'shop/db', ports: ['TCP 5432'] }));
  });
});

describe('netpol map of a large namespace', () => {
  // 1,500,000 connections: more rows than a function call takes as spread arguments, even on a
  // worker thread's larger stack, and more JSON than fits in one string (2^29 characters).
  const many = Array.from({ length: Math.ceil(1_500_000 / connections.length) }, () => connections).flat();
  const written = (id: string) => {
    let characters = 0;
    let lines = 0;
    let last = '';
    MAP_FORMATS.get(id)?.render({ analysis: shop.analysis, connections: many }, { color: false }, {
      write(chunk) {
        characters += chunk.length;
        for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
        last = chunk;
      },
    });
    return { characters, lines, last };
  };

  it('writes a table of 1,500,000 connections', () => {
    const out = written('table');
    expect(out.lines).toBeGreaterThan(many.length);
    expect(out.last).toContain(`${many.length} connections`);
  });

  it('writes the JSON of 1,500,000 connections, larger than a string can be', () => {
    const out = written('json');
    expect(out.characters).toBeGreaterThan(2 ** 29);
    expect(out.last.endsWith('}\n')).toBe(true);
  });
});

describe('netpol explain output', () => {
  const target = (name: string) => {
    const r = resolveTarget(shop.analysis, name);
    if (!r.ok || !r.value[0]) throw new Error(name);
    return r.value[0];
  };

  it('renders text and json for a pair with allowed and denied ports', () => {
    const e = explainPair(shop.analysis, target('shop/api'), target('shop/db'));
    golden('explain-api-db.txt', explanationText(e, undefined, false));
    golden('explain-api-db.json', `${JSON.stringify(explanationJson(e, undefined), null, 2)}\n`);
  });

  it('renders a denied port and the ingress controller', () => {
    const port = ConnSet.of({ TCP: [22, 22] });
    golden('explain-web-db-22.txt', explanationText(restrictExplanation(explainPair(shop.analysis, target('shop/web'), target('shop/db')), port), port.toString(), false));
    golden('explain-ingress-web.txt', explanationText(explainPair(shop.analysis, target('{ingress-controller}'), target('shop/web')), undefined, false));
    golden('explain-metadata.txt', explanationText(explainPair(shop.analysis, target('shop/api'), target('169.254.169.254')), undefined, false));
  });
});

describe('netpol diff formats', () => {
  const v2 = analyzePaths([path.join(FIXTURES, 'shop-v2')]);
  const changes = diffConnectivity({ analysis: shop.analysis, connections }, { analysis: v2.analysis, connections: connectivityMap(v2.analysis) });
  for (const [id, format] of DIFF_FORMATS) it(`renders ${id}`, () => golden(`diff.${id}`, renderDiff(format, changes, { color: false })));
});
