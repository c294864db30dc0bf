import type { K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from '../k8s/object-index.js';
import { NetpolAnalysis } from './engine/analysis.js';
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
