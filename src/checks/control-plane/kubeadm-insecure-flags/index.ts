import type { Severity } from '../../../core/severity.js';
import { defineCheck, type Report } from '../../api.js';
import { embeddedObjects } from '../config-file.js';
import type { CommandLine, Component } from '../command-line.js';
import etcdInsecureFlags, { ETCD_RULES } from '../etcd-insecure-flags/index.js';
import { cisReferences, evaluateRules, type FlagRule } from '../flag-rules.js';
import kubeApiserverInsecureFlags from '../kube-apiserver-insecure-flags/index.js';
import { API_SERVER_RULES } from '../kube-apiserver-insecure-flags/rules.js';
import kubeControllerManagerInsecureFlags, { CONTROLLER_MANAGER_RULES } from '../kube-controller-manager-insecure-flags/index.js';
import kubeSchedulerInsecureFlags, { SCHEDULER_RULES } from '../kube-scheduler-insecure-flags/index.js';
import { kubeadmCommandLines } from '../kubeadm.js';
import kubeletInsecureFlags from '../kubelet-insecure-flags/index.js';
import { KUBELET_RULES } from '../kubelet-insecure-flags/rules.js';

interface ComponentRules {
  readonly rules: readonly FlagRule[];
  /** The severity of the component's own check, which its findings keep. */
  readonly severity: Severity;
  readonly ignoresFlags?: (line: CommandLine) => boolean;
}

/** The components kubeadm runs, judged by the rules of their own checks. */
const COMPONENTS: Partial<Record<Component, ComponentRules>> = {
  'kube-apiserver': { rules: API_SERVER_RULES, severity: kubeApiserverInsecureFlags.severity },
  'kube-controller-manager': { rules: CONTROLLER_MANAGER_RULES, severity: kubeControllerManagerInsecureFlags.severity },
  'kube-scheduler': { rules: SCHEDULER_RULES, severity: kubeSchedulerInsecureFlags.severity },
  // With --config-file, etcd ignores every other flag.
  etcd: { rules: ETCD_RULES, severity: etcdInsecureFlags.severity, ignoresFlags: (line) => line.has('config-file') },
  kubelet: { rules: KUBELET_RULES, severity: kubeletInsecureFlags.severity },
};

export default defineCheck({
  id: 'kubeadm-insecure-flags',
  title: 'kubeadm configuration runs components with insecure flags',
  severity: 'high',
  category: 'control-plane',
  target: 'kubeadm-configuration',
  admission: true,
  description:
    "kubeadm writes the control plane's static pods (kube-apiserver, kube-controller-manager, kube-scheduler, local etcd) from arguments of its own and the extraArgs of its ClusterConfiguration, and the kubelet's flags from nodeRegistration.kubeletExtraArgs. Cluster API's KubeadmControlPlane and KubeadmConfig (and their templates) hold the same configuration, and a running cluster keeps its ClusterConfiguration in the kube-system/kubeadm-config ConfigMap, from which kubeadm upgrade writes the static pods again (so a fix made only in the pods' manifests is undone by the next upgrade). The check works out the command lines kubeadm would write, as it merges them (with the kubeadm patches of the static pods that a Cluster API object writes under its patches directory applied over them: JSON, merge and strategic merge patches of the container's command and args, in kubeadm's order), and judges them by the CIS Kubernetes Benchmark rules of kube-apiserver-insecure-flags, kube-controller-manager-insecure-flags, kube-scheduler-insecure-flags, etcd-insecure-flags and kubelet-insecure-flags: an extraArgs value that weakens a component, and a recommendation kubeadm's own arguments leave unmet (profiling, audit logging, admission plugins), which kube-bench would report on the nodes once the cluster runs. Each finding keeps the severity of the component's check. Findings point at the extraArgs to change (in a ConfigMap, at its data key, with the line within the value); the kubelet runs with kubeadm's --config file, so only its explicit flags are judged.",
  remediation:
    'Set or change the arguments named in the findings under the component\'s extraArgs (apiServer, controllerManager, scheduler, etcd.local, or nodeRegistration.kubeletExtraArgs), for example `- {name: profiling, value: "false"}` in kubeadm v1beta4 or `profiling: "false"` in v1beta3 and Cluster API v1beta1; kubeadm applies them on init, join and upgrade. In a running cluster, change the ClusterConfiguration in kube-system/kubeadm-config as well as the static pod manifests (or edit the ConfigMap and run kubeadm upgrade apply), or the next upgrade brings the old arguments back.',
  references: cisReferences([...API_SERVER_RULES, ...CONTROLLER_MANAGER_RULES, ...SCHEDULER_RULES, ...ETCD_RULES, ...KUBELET_RULES]),
  run({ object, report }) {
    if (object.kind !== 'ConfigMap') return judge(kubeadmCommandLines(object), report);
    // kubeadm keeps the cluster's ClusterConfiguration in kube-system/kubeadm-config, and writes the
    // static pods from it again on every upgrade: a fix made only in the pods' manifests is undone.
    for (const embedded of embeddedObjects(object, 'ClusterConfiguration', 'kubeadm.k8s.io')) {
      judge(kubeadmCommandLines({ kind: 'ClusterConfiguration', body: embedded.body }), (r) =>
        report({ ...r, path: ['data', embedded.key, ...r.path], message: `ClusterConfiguration in data.${embedded.key}, line ${embedded.lineOf(r.path)}: ${r.message}` }),
      );
    }
  },
});

function judge(lines: readonly CommandLine[], report: (report: Report) => void): void {
  const clientCA = lines.find((l) => l.component === 'kube-apiserver')?.value('client-ca-file')?.value;
  const clientCAs: ReadonlySet<string> = new Set(clientCA === undefined ? [] : [clientCA]);
  for (const line of lines) {
    const component = COMPONENTS[line.component];
    if (!component || component.ignoresFlags?.(line)) continue;
    evaluateRules(component.rules, { line, apiServerClientCAs: () => clientCAs }, component.severity, (r) => report({ ...r, severity: r.severity ?? component.severity }));
  }
}
