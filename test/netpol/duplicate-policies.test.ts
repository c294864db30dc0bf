/*
 * A policy defined twice: in one file a mistake (the API server keeps one); in several files the
 * alternative installs a repository keeps side by side, of which the first copy is analysed.
 */
import { describe, expect, it } from 'vitest';
import { objectsOfDocument } from '../../src/inputs/objects.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';

const policy = (port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{ports: [{port: ${port}}]}]
`;

function analyze(files: Record<string, string>): NetpolAnalysis {
  return new NetpolAnalysis(Object.entries(files).flatMap(([name, text]) => parseManifests(text, name).documents.flatMap((d) => objectsOfDocument(d, name).objects)));
}

const issues = (analysis: NetpolAnalysis) => analysis.issues.map((i) => `${i.level} ${i.code} ${i.location?.file}:${i.location?.line}`);

describe('a NetworkPolicy defined twice', () => {
  it('in one file: an error at the second copy, which the analysis leaves out', () => {
    const analysis = analyze({ 'install.yaml': `${policy(80)}---\n${policy(8080)}` });
    expect(issues(analysis)).toEqual(['error duplicate-policy install.yaml:8']);
    expect(analysis.issues[0]?.message).toBe('NetworkPolicy "shop/web": defined twice (also at install.yaml:1); the API server keeps only one');
    expect(analysis.cluster.networkPolicies).toHaveLength(1);
  });

  it('in two files, the same: nothing to say', () => {
    expect(issues(analyze({ 'install.yaml': policy(80), 'ha/install.yaml': policy(80) }))).toEqual([]);
  });

  it('in two files, differently: a warning that the first copy is analysed', () => {
    const analysis = analyze({ 'install.yaml': policy(80), 'ha/install.yaml': policy(8080) });
    expect(issues(analysis)).toEqual(['warning duplicate-policy ha/install.yaml:1']);
    expect(analysis.issues[0]?.message).toBe('NetworkPolicy "shop/web": defined differently at install.yaml:1, read as another install of it; the analysis takes that first copy');
    expect(analysis.cluster.networkPolicies).toHaveLength(1);
  });
});
