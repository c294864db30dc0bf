/*
 * The indexed connectivity diff against the straightforward one it replaced (diff-reference.ts),
 * on random clusters and their edits: same changes, same merged ranges, same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectsOfDocument } from '../../src/inputs/objects.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { diffConnectivity, type ConnectionChange } from '../../src/netpol/diff/diff.js';
import { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';
import { connectivityMap, peerName } from '../../src/netpol/engine/connectivity-map.js';
import { connectionJson } from '../../src/netpol/render/describe.js';
import { changeJson, DIFF_FORMATS, renderDiff } from '../../src/netpol/render/diff-render.js';
import { type MapFormat, renderMap } from '../../src/netpol/render/map-format.js';
import { MAP_FORMATS } from '../../src/netpol/render/map-formats.js';
import { clusterArbitrary, type Doc } from '../oracles/netpol-arbitraries.js';
import { referenceDiff } from './diff-reference.js';

function version(docs: readonly Doc[]) {
  const text = docs.map((d) => JSON.stringify(d)).join('\n---\n');
  const analysis = new NetpolAnalysis(parseManifests(text, 'cluster.yaml').documents.flatMap((d) => objectsOfDocument(d, 'cluster.yaml').objects));
  return { analysis, connections: connectivityMap(analysis) };
}

const shown = (changes: readonly ConnectionChange[]) =>
  changes.map((c) => `${c.type} ${peerName(c.src)} => ${peerName(c.dst)} ${c.before.key} -> ${c.after.key} ${c.srcWorkloadChanged} ${c.dstWorkloadChanged}`);

const DENY_ALL: Doc = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all', namespace: 'default' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };

describe('netpol diff', () => {
  it('gives the answer of the straightforward diff for a cluster and an edit of it (random clusters)', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.array(fc.nat(), { maxLength: 3 }), fc.boolean(), (cluster, drops, denyAll) => {
        const edited = cluster.filter((_, i) => !drops.some((d) => d % cluster.length === i));
        if (denyAll) edited.push(DENY_ALL);
        const [before, after] = [version(cluster), version(edited)];
        expect(shown(diffConnectivity(before, after))).toEqual(shown(referenceDiff(before, after)));
        expect(shown(diffConnectivity(after, before))).toEqual(shown(referenceDiff(after, before)));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the answer of the straightforward diff for two unrelated clusters (random clusters)', () => {
    fc.assert(
      fc.property(clusterArbitrary, clusterArbitrary, (a, b) => {
        const [before, after] = [version(a), version(b)];
        expect(shown(diffConnectivity(before, after))).toEqual(shown(referenceDiff(before, after)));
      }),
      { numRuns: 100 },
    );
  });

  it('writes JSON maps and diffs that are JSON.stringify of their objects (random clusters)', () => {
    fc.assert(
      fc.property(clusterArbitrary, fc.array(fc.nat(), { maxLength: 3 }), (cluster, drops) => {
        const [before, after] = [version(cluster), version([...cluster.filter((_, i) => !drops.some((d) => d % cluster.length === i)), DENY_ALL])];
        const changes = diffConnectivity(before, after);
        const summary = { added: 0, removed: 0, changed: 0 };
        for (const c of changes) summary[c.type]++;
        const diffJson = DIFF_FORMATS.get('json');
        expect(diffJson && renderDiff(diffJson, changes, { color: false })).toBe(`${JSON.stringify({ summary, changes: changes.map(changeJson) }, null, 2)}\n`);
        const map = JSON.parse(renderMap(MAP_FORMATS.get('json') as MapFormat, before, { color: false })) as { connections: unknown[] };
        expect(map.connections).toEqual(before.connections.map(connectionJson));
      }),
      { numRuns: 100 },
    );
  });
});
