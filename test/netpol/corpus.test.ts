/*
 * The NetworkPolicies of real projects in the corpus (test/corpus): each loads without a problem,
 * a few connections are checked against what the manifests say, and the size of each map and
 * exposure report must match the reviewed snapshot (`UPDATE_SNAPSHOT=1` rewrites it after review).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectivityMap, peerName } from '../../src/netpol/engine/connectivity-map.js';
import { exposureReport } from '../../src/netpol/exposure/report.js';
import { loadFiles } from '../../src/inputs/load.js';
import { analyzeInputs } from '../../src/netpol/load.js';

const analyzePaths = (paths: readonly string[]) => analyzeInputs(loadFiles(paths));

const CORPUS = path.relative(process.cwd(), path.join(import.meta.dirname, '../corpus'));
const SNAPSHOT = path.join(import.meta.dirname, 'corpus-snapshot.json');

const PROJECTS: Readonly<Record<string, { readonly paths: readonly string[]; readonly expect: readonly string[] }>> = {
  'kube-prometheus': {
    paths: ['real-world/kube-prometheus'],
    // Only the adapter admits everyone; the other policies admit Prometheus pods, which the operator creates.
    expect: ['0.0.0.0/0 => monitoring/prometheus-adapter: all', 'monitoring/grafana => monitoring/prometheus-adapter: all'],
  },
  'argo-cd': {
    paths: ['real-world/argo-cd/manifests/install.yaml'],
    expect: [
      '0.0.0.0/0 => default/argocd-server: all',
      'default/argocd-server => default/argocd-repo-server: TCP 8081,8084',
      'default/argocd-dex-server => default/argocd-repo-server: TCP 8084',
      'default/argocd-application-controller => default/argocd-redis: TCP 6379',
    ],
  },
  flux2: {
    paths: ['real-world/flux2'],
    expect: ['flux-system/helm-controller => flux-system/source-controller: all'],
  },
  'k8s-simulator': {
    paths: ['insecure/k8s-simulator/ansible/roles'],
    expect: [],
  },
};

const summaries: Record<string, unknown> = {};

describe.each(Object.entries(PROJECTS))('NetworkPolicies of %s', (name, project) => {
  const { analysis, errors, warnings } = analyzePaths(project.paths.map((p) => path.join(CORPUS, p)));
  const connections = connectivityMap(analysis);
  const lines = connections.map((c) => `${peerName(c.src)} => ${peerName(c.dst)}: ${c.conns.toString()}`);

  it('loads without errors', () => {
    expect(errors).toEqual([]);
    expect(analysis.validPolicies().length).toBeGreaterThan(0);
  });

  it('allows what the policies say', () => {
    for (const line of project.expect) expect(lines).toContain(line);
  });

  it('matches the reviewed snapshot', () => {
    const exposure = exposureReport(analysis, connections);
    summaries[name] = {
      workloads: analysis.workloads.length,
      classes: analysis.classes.length,
      policies: analysis.validPolicies().length,
      connections: connections.length,
      warnings: warnings.length,
      unprotected: { ingress: exposure.filter((w) => !w.ingress.protected).length, egress: exposure.filter((w) => !w.egress.protected).length },
      exposureEntries: exposure.reduce((n, w) => n + w.ingress.entries.length + w.egress.entries.length, 0),
    };
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Record<string, unknown>;
    if (process.env.UPDATE_SNAPSHOT) writeFileSync(SNAPSHOT, `${JSON.stringify({ ...snapshot, [name]: summaries[name] }, null, 2)}\n`);
    else expect(summaries[name]).toEqual(snapshot[name]);
  });
});
