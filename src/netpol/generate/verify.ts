import yaml from 'js-yaml';
import type { K8sObject } from '../../k8s/object.js';
import { objectsOfDocument } from '../../inputs/objects.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import { NetpolAnalysis } from '../engine/analysis.js';
import { connectivityMap } from '../engine/connectivity-map.js';
import type { DeclaredConnection, Manifest } from './generate.js';

export interface Verification {
  /** Declared connections the generated policies do not fully allow. */
  readonly missing: ReadonlyArray<{ readonly src: string; readonly dst: string; readonly conns: string }>;
  /** Workload-to-workload connections allowed beyond the declared ones (labels shared by several workloads). */
  readonly extra: ReadonlyArray<{ readonly src: string; readonly dst: string; readonly conns: string }>;
}

/** Objects of the generated policies, as if read from a file. */
export function policyObjects(policies: readonly Manifest[]): K8sObject[] {
  const text = policies.map((p) => `---\n${yaml.dump(p, { noRefs: true, lineWidth: -1 })}`).join('');
  return parseManifests(text, 'generated.yaml').documents.flatMap((d) => objectsOfDocument(d, 'generated.yaml').objects);
}

/**
 * Re-analyses the input with the generated policies in place of its own: every declared
 * connection must be allowed, and any other allowed connection between workloads is reported.
 */
export function verifyGenerated(objects: readonly K8sObject[], policies: readonly Manifest[], declared: readonly DeclaredConnection[]): Verification {
  const kept = objects.filter((o) => !(o.kind === 'NetworkPolicy' || o.group === 'policy.networking.k8s.io'));
  const analysis = new NetpolAnalysis([...kept, ...policyObjects(policies)]);
  const allowed = new Map<string, ReturnType<typeof connectivityMap>[number]>();
  for (const c of connectivityMap(analysis)) {
    if (c.src.kind === 'workload' && c.dst.kind === 'workload') allowed.set(`${c.src.workload.label} ${c.dst.workload.label}`, c);
  }
  const missing: Array<{ src: string; dst: string; conns: string }> = [];
  const wanted = new Set<string>();
  for (const d of declared) {
    if (d.src.kind !== 'workload' || d.dst.kind !== 'workload') continue;
    const key = `${d.src.workload.label} ${d.dst.workload.label}`;
    wanted.add(key);
    const got = allowed.get(key)?.conns;
    const lacking = got ? d.conns.subtract(got) : d.conns;
    if (!lacking.isEmpty()) missing.push({ src: d.src.workload.label, dst: d.dst.workload.label, conns: lacking.toString() });
  }
  const extra = [...allowed].filter(([key]) => !wanted.has(key)).map(([, c]) => ({ src: c.src.kind === 'workload' ? c.src.workload.label : '', dst: c.dst.kind === 'workload' ? c.dst.workload.label : '', conns: c.conns.toString() }));
  return { missing, extra };
}
