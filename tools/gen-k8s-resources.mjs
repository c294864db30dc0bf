#!/usr/bin/env node
/*
 * Generates data/k8s-resources/v<minor>.json, the built-in API resources `rampart rbac` resolves
 * resource names against (`deploy` -> deployments.apps, cluster-scoped or namespaced, which verbs
 * and subresources exist), from the API server's discovery documents.
 *
 * Source:  https://proxy.golang.org/k8s.io/kubernetes/@v/v1.37.2.zip
 *          directory k8s.io/kubernetes@v1.37.2/api/discovery/ (api__v1.json, apis__<group>__<version>.json)
 * Version: Kubernetes v1.37.2 (every version the test server serves, alpha and beta included)
 * License: Apache-2.0 (the Kubernetes project); the generated file is a derived work under the same license.
 *
 * Usage:
 *   go mod download -json k8s.io/kubernetes@v1.37.2        # prints "Dir"
 *   node tools/gen-k8s-resources.mjs "$DIR/api/discovery" v1.37.2 > data/k8s-resources/v1.37.json
 *
 * Output (deterministic: sorted, no timestamps): { kubernetes, source, license, resources: [
 *   { group, resource, kind, singular, shortNames, namespaced, verbs, subresources: { <name>: verbs }, versions } ] }
 * A resource served in several versions appears once, with the union of their verbs and subresources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const [dir, version] = process.argv.slice(2);
if (!dir || !version) {
  process.stderr.write('usage: node tools/gen-k8s-resources.mjs <api/discovery dir> <version, e.g. v1.37.2>\n');
  process.exit(2);
}

const byKey = new Map();
const sortedUnion = (a, b) => [...new Set([...(a ?? []), ...(b ?? [])])].sort();

for (const file of readdirSync(dir).sort()) {
  const match = /^(?:api__(v1)|apis__(.+)__(v[0-9a-z]+))\.json$/.exec(file);
  if (!match) continue;
  const group = match[1] ? '' : match[2];
  const groupVersion = match[1] ?? match[3];
  const list = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  for (const r of list.resources ?? []) {
    const [resource, subresource] = r.name.split('/');
    const key = `${group}/${resource}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { group, resource, kind: '', singular: '', shortNames: [], namespaced: r.namespaced, verbs: [], subresources: {}, versions: [] };
      byKey.set(key, entry);
    }
    entry.versions = sortedUnion(entry.versions, [groupVersion]);
    if (subresource) {
      entry.subresources[subresource] = sortedUnion(entry.subresources[subresource], r.verbs);
      continue;
    }
    entry.kind ||= r.kind;
    entry.singular ||= r.singularName || r.kind.toLowerCase();
    entry.shortNames = sortedUnion(entry.shortNames, r.shortNames);
    entry.namespaced = r.namespaced;
    entry.verbs = sortedUnion(entry.verbs, r.verbs);
  }
}

const resources = [...byKey.values()]
  .sort((a, b) => (a.group === b.group ? (a.resource < b.resource ? -1 : 1) : a.group < b.group ? -1 : 1))
  .map((r) => ({ ...r, subresources: Object.fromEntries(Object.entries(r.subresources).sort(([a], [b]) => (a < b ? -1 : 1))) }));

const out = {
  kubernetes: version,
  source: `https://proxy.golang.org/k8s.io/kubernetes/@v/${version}.zip (k8s.io/kubernetes@${version}/api/discovery/)`,
  license: 'Apache-2.0',
  resources,
};
// One resource per line: small diffs when a release adds or changes one.
process.stdout.write(`{\n  "kubernetes": ${JSON.stringify(out.kubernetes)},\n  "source": ${JSON.stringify(out.source)},\n  "license": ${JSON.stringify(out.license)},\n  "resources": [\n`);
process.stdout.write(resources.map((r) => `    ${JSON.stringify(r)}`).join(',\n'));
process.stdout.write('\n  ]\n}\n');
