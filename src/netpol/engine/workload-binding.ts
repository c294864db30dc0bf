import type { ClassTable, Workload } from './classes.js';
import type { LocatedIssue, NamespaceInfo } from '../model/cluster.js';
import type { WorkloadSource } from '../model/workloads.js';

/**
 * Binds each workload to one pod class. Pods grouped under an owner that is not in the input may
 * differ in labels or ports; when the policies treat all of them alike, the owner stays one
 * workload (as netpol-analyzer does), otherwise its pods are listed one by one, with a warning.
 */
export function bindWorkloads(
  sources: readonly WorkloadSource[],
  variantClasses: readonly (readonly number[])[],
  behaviour: (classId: number) => string,
  table: ClassTable,
  namespaces: ReadonlyMap<string, NamespaceInfo>,
): { workloads: Workload[]; issues: LocatedIssue[] } {
  const drafts: Array<Omit<Workload, 'id' | 'label'>> = [];
  const issues: LocatedIssue[] = [];
  const add = (w: Omit<Workload, 'id' | 'label'>) => drafts.push(w);
  sources.forEach((source, i) => {
    const classes = variantClasses[i] ?? [];
    const first = classes[0];
    if (first === undefined) return;
    const alike = classes.length === 1 || classes.every((c) => behaviour(c) === behaviour(first));
    if (alike) {
      add({ namespace: source.namespace, name: source.name, kind: source.kind, object: source.object, source, labels: source.variants[0]?.labels ?? {}, ports: source.variants[0]?.ports ?? [], hostNetwork: source.hostNetwork, classId: first });
      return;
    }
    const position = source.object.locate([]);
    issues.push({
      level: 'warning',
      code: 'owner-pods-differ',
      message: `pods of ${source.kind} "${source.namespace}/${source.name}" have different labels or ports, and the policies treat them differently: they are listed one by one`,
      location: { file: source.object.source.file, line: position.line, column: position.column },
      policy: undefined,
      issue: undefined,
    });
    const ns = namespaces.get(source.namespace);
    for (const variant of source.variants) {
      if (!ns) continue;
      const classId = table.variantClass(ns, variant);
      for (const object of variant.objects) {
        add({ namespace: source.namespace, name: object.name, kind: object.kind, object, source, labels: variant.labels, ports: variant.ports, hostNetwork: source.hostNetwork, classId });
      }
    }
  });
  const names = new Map<string, number>();
  for (const w of drafts) names.set(`${w.namespace}/${w.name}`, (names.get(`${w.namespace}/${w.name}`) ?? 0) + 1);
  // Two workloads of different kinds with one name: say which is which.
  const workloads = drafts.map((w, id): Workload => {
    const plain = `${w.namespace}/${w.name}`;
    return { ...w, id, label: (names.get(plain) ?? 0) > 1 ? `${plain}[${w.kind}]` : plain };
  });
  return { workloads, issues };
}
