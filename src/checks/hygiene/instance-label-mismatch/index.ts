import { k8sDocs } from '../../../core/references.js';
import { asRecord, asString } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

const INSTANCE = 'app.kubernetes.io/instance';

export default defineCheck({
  id: 'instance-label-mismatch',
  title: 'Workload label app.kubernetes.io/instance is missing or differs from its name',
  severity: 'low',
  category: 'hygiene',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    "Polaris' metadataAndInstanceMismatched convention: a workload (Deployment, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, or a Pod of its own) carries the recommended label app.kubernetes.io/instance, set to its own name, so that dashboards, cost reports and policies that group by instance find it under the name it is deployed as. Off by default: Kubernetes' recommended labels define the instance as the installation of an application (a Helm release, `mysql-abcxyz`), which is usually not the name of each of its workloads, and Helm charts name their objects release-chart. Turn it on where the convention is the team's.",
  remediation: `Set metadata.labels["${INSTANCE}"] to the workload's metadata.name.`,
  references: [k8sDocs('Recommended Labels', 'https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/')],
  run({ object, report }) {
    // Polaris' controllers: not a PodTemplate, nor the Agent Sandbox kinds it does not know.
    if (object.kind === 'PodTemplate' || object.kind === 'Sandbox' || object.kind === 'SandboxTemplate') return;
    const labels = asRecord(asRecord(object.body.metadata)?.labels);
    const instance = labels ? asString(labels[INSTANCE]) : undefined;
    if (instance === object.name) return;
    if (instance === undefined) {
      report({ path: labels ? ['metadata', 'labels'] : ['metadata'], message: `${object.kind} "${object.name}" has no label ${INSTANCE} (expected "${object.name}", its name)` });
      return;
    }
    report({ path: ['metadata', 'labels', INSTANCE], message: `${object.kind} "${object.name}" has label ${INSTANCE}="${instance}", not its name "${object.name}"` });
  },
});
