/*
 * One test per rule of the NetworkPolicy and admin network policy semantics, on the smallest
 * cluster that shows it. The conformance suite and the differential oracle cover combinations.
 */
import { describe, expect, it } from 'vitest';
import { deniesByDefault, isolates } from '../../src/netpol/engine/evaluate.js';
import { analyzeYaml, deployment, mapLines } from './helpers.js';

const A = deployment('x', 'a', { app: 'a' }, [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }]);
const B = deployment('x', 'b', { app: 'b' }, [{ name: 'http', port: 9000 }]);
// Not `y`: YAML 1.1 reads it as true, as the API server's decoder does.
const C = deployment('z', 'c', { app: 'c' });

function pairs(text: string): string[] {
  return mapLines(analyzeYaml(text)).filter((l) => !/^\d|=> \d/.test(l));
}

const np = (ns: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p${Math.random().toString(36).slice(2, 8)}, namespace: ${ns}}\nspec:\n${spec}\n---\n`;

describe('NetworkPolicy semantics', () => {
  it('allows everything when no policy selects a pod', () => {
    expect(pairs(A + B + C)).toEqual(['x/a => x/b: all', 'x/a => z/c: all', 'x/b => x/a: all', 'x/b => z/c: all', 'z/c => x/a: all', 'z/c => x/b: all']);
  });

  it('defaults policyTypes to Ingress, plus Egress only when egress rules exist', () => {
    const ingressOnly = np('x', '  podSelector: {matchLabels: {app: b}}');
    expect(pairs(A + B + ingressOnly)).toEqual(['x/b => x/a: all']);
    const withEgress = np('x', '  podSelector: {matchLabels: {app: b}}\n  egress:\n    - to: [{podSelector: {matchLabels: {app: a}}}]');
    expect(pairs(A + B + C + withEgress)).toContain('x/b => x/a: all');
    expect(pairs(A + B + C + withEgress)).not.toContain('x/b => z/c: all');
    expect(pairs(A + B + C + withEgress)).not.toContain('x/a => x/b: all');
  });

  it('ignores rules of a direction that explicit policyTypes leave out', () => {
    const egressIgnored = np('x', '  podSelector: {matchLabels: {app: b}}\n  policyTypes: [Ingress]\n  ingress: [{}]\n  egress:\n    - to: [{podSelector: {matchLabels: {app: nothing}}}]');
    expect(pairs(A + B + egressIgnored)).toEqual(['x/a => x/b: all', 'x/b => x/a: all']);
  });

  it('unions the rules of every policy that selects a pod', () => {
    const one = np('x', '  podSelector: {matchLabels: {app: b}}\n  ingress: [{ports: [{port: 80}]}]');
    const two = np('x', '  podSelector: {}\n  ingress: [{ports: [{port: 443}, {port: 53, protocol: UDP}]}]');
    expect(pairs(A + B + one + two)).toContain('x/a => x/b: TCP 80,443; UDP 53');
  });

  it('needs both the egress of the source and the ingress of the destination', () => {
    const egress = np('x', '  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: 80, endPort: 90}]}]');
    const ingress = np('x', '  podSelector: {matchLabels: {app: b}}\n  ingress: [{ports: [{port: 85, endPort: 100}]}]');
    expect(pairs(A + B + egress + ingress)).toContain('x/a => x/b: TCP 85-90');
  });

  it('reads a podSelector peer in the policy namespace, a namespaceSelector peer across namespaces, both in one peer as AND', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: z, labels: {env: prod}}\n---\n';
    const podsOnly = np('x', '  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{podSelector: {}}]}]');
    expect(pairs(ns + A + B + C + podsOnly).filter((l) => l.endsWith('x/a: all'))).toEqual(['x/b => x/a: all']);
    const both = np('x', '  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {env: prod}}, podSelector: {matchLabels: {app: b}}}]}]');
    expect(pairs(ns + A + B + C + both).filter((l) => l.includes('=> x/a'))).toEqual([]);
    const either = np('x', '  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {env: prod}}}, {podSelector: {matchLabels: {app: b}}}]}]');
    expect(pairs(ns + A + B + C + either).filter((l) => l.includes('=> x/a'))).toEqual(['x/b => x/a: all', 'z/c => x/a: all']);
  });

  it('gives every namespace the kubernetes.io/metadata.name label, declared or not', () => {
    const byName = np('x', '  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: z}}}]}]');
    expect(pairs(A + C + byName).filter((l) => l.includes('=> x/a'))).toEqual(['z/c => x/a: all']);
  });

  it('matches ipBlocks (minus except) against addresses outside the cluster only', () => {
    const policy = np('x', '  podSelector: {matchLabels: {app: a}}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]}]');
    const lines = mapLines(analyzeYaml(A + B + policy)).filter((l) => l.endsWith('x/a: all'));
    expect(lines).toEqual(['10.0.0.0/16 => x/a: all', '10.2.0.0-10.255.255.255 => x/a: all']);
  });

  it('represents IPv6 and IPv4 external addresses as disjoint ranges', () => {
    const policy = np('x', '  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}}]}]');
    const lines = mapLines(analyzeYaml(A + policy), { ipv6: true });
    expect(lines).toEqual(['0.0.0.0/0 => x/a: all', '::/0 => x/a: all', 'x/a => 2001:db8::/48: all', 'x/a => 2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff: all']);
  });

  it('defaults the protocol to TCP and reads UDP, SCTP and endPort ranges', () => {
    const policy = np('x', '  podSelector: {matchLabels: {app: b}}\n  ingress: [{ports: [{port: 80}, {port: 5000, endPort: 5010, protocol: UDP}, {protocol: SCTP}]}]');
    expect(pairs(A + B + policy)).toContain('x/a => x/b: TCP 80; UDP 5000-5010; SCTP');
  });

  it('resolves a named port against the destination pod, with the same protocol', () => {
    const ingress = np('x', '  podSelector: {}\n  ingress: [{ports: [{port: http}, {port: dns, protocol: UDP}, {port: dns}]}]');
    const lines = pairs(A + B + ingress);
    expect(lines).toContain('x/b => x/a: TCP 8080; UDP 53');
    expect(lines).toContain('x/a => x/b: TCP 9000');
    const egress = np('x', '  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n  egress: [{ports: [{port: http}]}]');
    expect(pairs(A + B + egress)).toContain('x/a => x/b: TCP 9000');
  });

  it('treats an empty ingress list as deny all and a rule without from and ports as allow all', () => {
    expect(pairs(A + B + np('x', '  podSelector: {matchLabels: {app: a}}\n  ingress: []'))).toEqual(['x/a => x/b: all']);
    expect(pairs(A + B + np('x', '  podSelector: {matchLabels: {app: a}}\n  ingress: [{}]'))).toEqual(['x/a => x/b: all', 'x/b => x/a: all']);
  });

  it('leaves out an invalid policy, as the API server would refuse it', () => {
    const analysis = analyzeYaml(A + B + np('x', '  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]'));
    expect(analysis.issues.map((i) => i.code)).toEqual(['invalid-cidr']);
    expect(mapLines(analysis).filter((l) => l.startsWith('x/'))).toEqual(['x/a => 0.0.0.0/0: all', 'x/a => x/b: all', 'x/b => 0.0.0.0/0: all', 'x/b => x/a: all']);
  });
});

const anp = (name: string, spec: string) => `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${spec}\n---\n`;
const banp = (spec: string) => `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n${spec}\n---\n`;
const subjectB = '  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: b}}}}';

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy semantics', () => {
  it('evaluates admin policies by priority, the first matching rule deciding each port', () => {
    const deny = anp('deny', `  priority: 20\n${subjectB}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]`);
    const allow = anp('allow', `  priority: 10\n${subjectB}\n  ingress: [{action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {protocol: TCP, port: 80}}]}]`);
    expect(pairs(A + B + deny + allow)).toContain('x/a => x/b: TCP 80');
  });

  it('overrides NetworkPolicies with Allow and Deny, and hands Pass to them', () => {
    const isolate = np('x', '  podSelector: {matchLabels: {app: b}}\n  ingress: [{ports: [{port: 443}]}]');
    const rules = anp('admin', `  priority: 1\n${subjectB}\n  ingress:\n    - {action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {protocol: TCP, port: 22}}]}\n    - {action: Pass, from: [{namespaces: {}}], ports: [{portRange: {protocol: TCP, start: 400, end: 500}}]}\n    - {action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {protocol: TCP, port: 443}}]}`);
    expect(pairs(A + B + isolate + rules)).toContain('x/a => x/b: TCP 22,443');
  });

  it('hands Pass and unmatched traffic to the baseline when no NetworkPolicy isolates the pod', () => {
    const pass = anp('admin', `  priority: 1\n${subjectB}\n  ingress: [{action: Pass, from: [{namespaces: {}}], ports: [{portNumber: {protocol: TCP, port: 80}}]}]`);
    const baseline = banp(`${subjectB}\n  ingress:\n    - {action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {protocol: TCP, port: 81}}]}\n    - {action: Deny, from: [{namespaces: {}}]}`);
    expect(pairs(A + B + pass + baseline)).toContain('x/a => x/b: TCP 81');
  });

  it('resolves an admin named port against the destination whatever its protocol', () => {
    const rule = anp('admin', `  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}], ports: [{namedPort: dns}]}]`);
    expect(pairs(A + B + rule)).toContain('x/b => x/a: TCP; UDP 1-52,54-65535; SCTP');
  });

  it('matches admin networks peers against external addresses', () => {
    const rule = anp('admin', `  priority: 1\n  subject: {namespaces: {}}\n  egress: [{action: Deny, to: [{networks: [192.168.0.0/16]}]}]`);
    expect(mapLines(analyzeYaml(A + rule)).filter((l) => l.startsWith('x/a'))).toEqual(['x/a => 0.0.0.0-192.167.255.255: all', 'x/a => 192.169.0.0-255.255.255.255: all']);
  });

  it('reports admin policies with the same priority', () => {
    const analysis = analyzeYaml(A + anp('one', '  priority: 3\n  subject: {namespaces: {}}\n  ingress: [{action: Allow, from: [{namespaces: {}}]}]') + anp('two', '  priority: 3\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]'));
    expect(analysis.issues.map((i) => i.code)).toEqual(['duplicate-priority']);
  });

  it('isolates a pod only where the admin tiers deny traffic to any pod and, for egress, any address', () => {
    const isolated = (text: string) => {
      const analysis = analyzeYaml(A + B + text);
      const b = analysis.workloads.find((w) => w.name === 'b');
      if (!b) throw new Error('no workload b');
      return { ingress: isolates(analysis.context('ingress', b.classId)), egress: isolates(analysis.context('egress', b.classId)) };
    };
    const everyPod = '[{namespaces: {}}]';
    const everything = '[{namespaces: {}}, {networks: [0.0.0.0/0, "::/0"]}]';
    expect(isolated(banp(`${subjectB}\n  ingress: [{action: Deny, from: ${everyPod}}]\n  egress: [{action: Deny, to: ${everything}}]`))).toEqual({ ingress: true, egress: true });
    expect(isolated(banp(`${subjectB}\n  ingress: [{action: Allow, from: ${everyPod}}]\n  egress: [{action: Allow, to: ${everything}}]`))).toEqual({ ingress: false, egress: false });
    expect(isolated(anp('pass', `  priority: 1\n${subjectB}\n  ingress: [{action: Pass, from: ${everyPod}}]`))).toEqual({ ingress: false, egress: false });
    // Pods denied, external addresses (the metadata service among them) open; IPv6 left open too.
    expect(isolated(banp(`${subjectB}\n  egress: [{action: Deny, to: ${everyPod}}]`)).egress).toBe(false);
    expect(isolated(banp(`${subjectB}\n  egress: [{action: Deny, to: [{namespaces: {}}, {networks: [0.0.0.0/0]}]}]`)).egress).toBe(false);
    // An earlier Allow in the same policy, or an admin Allow above the baseline, wins.
    expect(isolated(banp(`${subjectB}\n  ingress: [{action: Allow, from: ${everyPod}}, {action: Deny, from: ${everyPod}}]`)).ingress).toBe(false);
    expect(isolated(anp('allow', `  priority: 1\n${subjectB}\n  ingress: [{action: Allow, from: ${everyPod}}]`) + banp(`${subjectB}\n  ingress: [{action: Deny, from: ${everyPod}}]`)).ingress).toBe(false);
    // Denying one port to everyone is a restriction; an Allow to one namespace does not undo it.
    expect(isolated(anp('ssh', `  priority: 1\n${subjectB}\n  ingress: [{action: Allow, from: [{namespaces: {matchLabels: {team: ops}}}]}, {action: Deny, from: ${everyPod}, ports: [{portNumber: {protocol: TCP, port: 22}}]}]`)).ingress).toBe(true);
  });

  it('denies by default only where no rule opens every pod (and, for egress, every address) on every port', () => {
    const denies = (text: string) => {
      const analysis = analyzeYaml(A + B + text);
      const b = analysis.workloads.find((w) => w.name === 'b');
      if (!b) throw new Error('no workload b');
      return { ingress: deniesByDefault(analysis.context('ingress', b.classId)), egress: deniesByDefault(analysis.context('egress', b.classId)) };
    };
    expect(denies(np('x', '  podSelector: {}\n  policyTypes: [Ingress, Egress]'))).toEqual({ ingress: true, egress: true });
    expect(denies(np('x', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress: [{}]\n  egress: [{}]'))).toEqual({ ingress: false, egress: false });
    expect(denies(np('x', '  podSelector: {}\n  ingress: [{ports: [{port: 80}]}]')).ingress).toBe(true);
    // Every pod allowed, addresses denied: still open to every pod.
    expect(denies(np('x', '  podSelector: {}\n  egress: [{to: [{namespaceSelector: {}}]}]')).egress).toBe(false);
  });
});

describe('workloads', () => {
  it('reads pods from Pods and from every workload template kind', () => {
    const text = `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: x}\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        metadata: {labels: {app: nightly}}\n        spec: {containers: [{name: c, image: i}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: debug, namespace: x, labels: {app: debug}}\nspec: {containers: [{name: c, image: i}]}\n---\n`;
    expect(analyzeYaml(text + A).workloads.map((w) => `${w.kind} ${w.label}`).sort()).toEqual(['CronJob x/nightly', 'Deployment x/a', 'Pod x/debug']);
  });

  it('represents the ReplicaSets and Pods of a Deployment in the input by the Deployment', () => {
    const rs = `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: a-5d9f, namespace: x, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: a, controller: true, uid: u}]}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: i}]}\n---\n`;
    expect(analyzeYaml(A + rs).workloads.map((w) => w.label)).toEqual(['x/a']);
  });

  it('groups pods of an owner missing from the input, and lists them one by one when policies tell them apart', () => {
    const pod = (name: string, tier: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: x, labels: {app: z, tier: ${tier}}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: z-1, controller: true, uid: u}]}\nspec: {containers: [{name: c, image: i}]}\n---\n`;
    expect(analyzeYaml(pod('z-1-a', 'web') + pod('z-1-b', 'web')).workloads.map((w) => `${w.kind} ${w.label}`)).toEqual(['ReplicaSet x/z-1']);
    const split = analyzeYaml(pod('z-1-a', 'web') + pod('z-1-b', 'db') + np('x', '  podSelector: {matchLabels: {tier: db}}\n  ingress: []'));
    expect(split.workloads.map((w) => w.label).sort()).toEqual(['x/z-1-a', 'x/z-1-b']);
    expect(split.issues.map((i) => i.code)).toEqual(['owner-pods-differ']);
  });

  it('computes over pod classes: workloads with the same namespace, labels and named ports share one', () => {
    const analysis = analyzeYaml(A + deployment('x', 'a2', { app: 'a' }, [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }]) + B);
    expect(analysis.workloads).toHaveLength(3);
    expect(analysis.classes).toHaveLength(2);
    expect(pairs(A + deployment('x', 'a2', { app: 'a' }, [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }]))).toEqual(['x/a => x/a2: all', 'x/a2 => x/a: all']);
  });
});
