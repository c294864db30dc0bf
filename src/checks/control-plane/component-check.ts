import type { ObjectIndex } from '../../k8s/object-index.js';
import { podViewOf } from '../../k8s/workloads.js';
import type { Severity } from '../../core/severity.js';
import type { WorkloadContext } from '../api.js';
import { CommandLine, type Component } from './command-line.js';
import { evaluateRules, type FlagRule } from './flag-rules.js';

interface ComponentCheck {
  readonly component: Component;
  readonly rules: readonly FlagRule[];
  /** The check's own severity: a finding names another only when its rules say so. */
  readonly severity: Severity;
  /** When the binary reads its settings from a file instead of its flags (etcd --config-file). */
  readonly ignoresFlags?: (line: CommandLine) => boolean;
}

/** Runs a component's rules on every container of the workload that runs that component. */
export function checkComponent(check: ComponentCheck, { pod, index, report }: WorkloadContext<unknown>): void {
  let clientCAs: ReadonlySet<string> | undefined;
  for (const line of CommandLine.allOf(pod)) {
    if (line.component !== check.component || check.ignoresFlags?.(line)) continue;
    const context = { line, apiServerClientCAs: () => (clientCAs ??= apiServerClientCAs(index)) };
    evaluateRules(check.rules, context, check.severity, report);
  }
}

/** The --client-ca-file of every kube-apiserver in the scan. */
function apiServerClientCAs(index: ObjectIndex): ReadonlySet<string> {
  const files = new Set<string>();
  for (const workload of index.ofGroup('workload')) {
    const pod = podViewOf(workload);
    for (const line of pod ? CommandLine.allOf(pod) : []) {
      const ca = line.component === 'kube-apiserver' ? line.value('client-ca-file')?.value : undefined;
      if (ca !== undefined) files.add(ca);
    }
  }
  return files;
}
