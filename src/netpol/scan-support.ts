import type { K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from '../k8s/object-index.js';
import { NetpolAnalysis } from './engine/analysis.js';
import { type DirectionContext, deniesByDefault, isolates } from './engine/evaluate.js';
import type { NamedPorts } from './engine/rule-conns.js';
import type { Workload } from './engine/classes.js';
import type { LocatedIssue } from './model/cluster.js';
import { strictCidrValidation } from './policy/ip-block.js';
import type { Policy } from './policy/types.js';

/*
 * The checks of `rampart scan` that read NetworkPolicies share one analysis of the whole input,
 * built on first use and kept as long as the scan's object index lives.
 */
interface ScanView {
  readonly analysis: NetpolAnalysis;
  readonly workloadsByObject: ReadonlyMap<K8sObject, Workload>;
  readonly policyByObject: ReadonlyMap<K8sObject, Policy>;
  readonly issuesByObject: ReadonlyMap<K8sObject, readonly LocatedIssue[]>;
}

const views = new WeakMap<ObjectIndex, Map<boolean, ScanView>>();

/** The analysis for a scan targeting `kubeVersion` (`--kube-version`; the latest release when unset). */
export function netpolView(index: ObjectIndex, kubeVersion: string | undefined): ScanView {
  const strictCidrs = strictCidrValidation(kubeVersion);
  let byStrictness = views.get(index);
  if (!byStrictness) {
    byStrictness = new Map();
    views.set(index, byStrictness);
  }
  let view = byStrictness.get(strictCidrs);
  if (!view) {
    const analysis = new NetpolAnalysis(index.objects, index, { strictCidrs });
    const workloadsByObject = new Map<K8sObject, Workload>();
    for (const w of analysis.workloads) {
      workloadsByObject.set(w.object, w);
      for (const v of w.source.variants) for (const o of v.objects) if (!workloadsByObject.has(o)) workloadsByObject.set(o, w);
    }
    const policyByObject = new Map<K8sObject, Policy>();
    for (const p of analysis.cluster.allPolicies) if (!policyByObject.has(p.object)) policyByObject.set(p.object, p);
    const issuesByObject = new Map<K8sObject, LocatedIssue[]>();
    for (const issue of analysis.issues) {
      const object = issue.policy?.object;
      if (!object) continue;
      const list = issuesByObject.get(object) ?? [];
      list.push(issue);
      issuesByObject.set(object, list);
    }
    view = { analysis, workloadsByObject, policyByObject, issuesByObject };
    byStrictness.set(strictCidrs, view);
  }
  return view;
}

/**
 * Whether `object`'s pods are isolated in the context's direction, counting only the
 * NetworkPolicies of its install (`ObjectIndex.inInstallOf`): when the workload has copies in the
 * input, a policy written nearer to another copy (another install of the same objects) does not
 * isolate this one. The engine analyses the
 * first copy of a policy copied into several files, so a policy counts when any of its copies is
 * of the object's install. `others` collects the files of the policies that do not count.
 */
export function isolatesWithinInstall(index: ObjectIndex, object: K8sObject, ctx: DirectionContext, named?: NamedPorts, others?: Set<string>): boolean {
  if (ctx.netpols.length === 0 || index.copiesOf(object) === undefined) return isolates(ctx, named);
  if (policiesOfInstall(index, object, ctx.netpols).length > 0) return true;
  for (const p of ctx.netpols) for (const copy of index.copiesOf(p.object) ?? [p.object]) others?.add(copy.source.file);
  return deniesByDefault({ ...ctx, netpols: [], npRules: [] }, named);
}

/**
 * The policies of `object`'s install (`ObjectIndex.inInstallOf`): those one of whose copies is
 * written nearest to it. The engine analyses the first copy of a policy copied into several files.
 */
export function policiesOfInstall<P extends { readonly object: K8sObject }>(index: ObjectIndex, object: K8sObject, policies: readonly P[]): P[] {
  return policies.filter((p) => (index.copiesOf(p.object) ?? [p.object]).some((copy) => index.inInstallOf(object, copy)));
}
