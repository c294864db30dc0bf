/*
 * A named port in an egress rule with ipBlock peers: peers are alternatives, so the name still
 * matches the pod peers that declare it; only a rule whose peers are all ipBlocks can never match.
 */
import { describe, expect, it } from 'vitest';
import { analyzeYaml, deployment, mapLines } from './helpers.js';

const policy = (peers: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
    - to: [${peers}]
      ports: [{port: postgres}]
---
${deployment('shop', 'web', { app: 'web' })}
---
${deployment('shop', 'db', { app: 'db' }, [{ name: 'postgres', port: 5432 }])}
`;

describe('named ports towards ipBlock peers', () => {
  it('with a pod peer besides: the policy is in force, the port matches the pods, and a warning says the ipBlock gets nothing', () => {
    const analysis = analyzeYaml(policy('{podSelector: {matchLabels: {app: db}}}, {ipBlock: {cidr: 192.0.2.0/24}}'));
    expect(analysis.issues.map((i) => `${i.level} ${i.code}`)).toEqual(['warning named-port-mixed-peers']);
    expect(analysis.issues[0]?.message).toContain('towards its ipBlock peers (192.0.2.0/24)');
    expect(analysis.cluster.networkPolicies.map((p) => p.name)).toEqual(['egress']);
    const fromWeb = mapLines(analysis).filter((l) => l.startsWith('shop/web => '));
    expect(fromWeb).toEqual(['shop/web => shop/db: TCP 5432']);
  });

  it('with ipBlock peers only: an error, as the rule can never match', () => {
    const analysis = analyzeYaml(policy('{ipBlock: {cidr: 192.0.2.0/24}}'));
    expect(analysis.issues.map((i) => `${i.level} ${i.code}`)).toEqual(['error named-port-ip-peer']);
  });
});
