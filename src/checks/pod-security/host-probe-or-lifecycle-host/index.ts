import { k8sDocs, mitre, pss } from '../../../core/references.js';
import { asString, getIn } from '../../../k8s/access.js';
import { type ContainerView, describeContainer } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';

/** The handlers the kubelet runs for a container: probes, and the lifecycle hooks. */
const HANDLERS: ReadonlyArray<readonly string[]> = [
  ['livenessProbe'],
  ['readinessProbe'],
  ['startupProbe'],
  ['lifecycle', 'postStart'],
  ['lifecycle', 'preStop'],
];

/** Actions with a host field (tcpSocket is deprecated in lifecycle hooks but still accepted). */
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

export default defineCheck({
  id: 'host-probe-or-lifecycle-host',
  title: 'Probe or lifecycle hook targets another host than the pod',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "The kubelet runs HTTP and TCP probes and HTTP lifecycle hooks from the node. A host field redirects them from the pod to any address, so whoever writes the pod spec makes the node send requests to its own loopback services, the cloud metadata endpoint or other internal hosts, and can map which of them answer.",
  remediation:
    'Remove the host field from httpGet and tcpSocket probes and lifecycle hooks so they target the pod IP. For a virtual host, set an httpHeaders entry named Host instead.',
  references: [
    pss('baseline', 'Host Probes / Lifecycle Hooks'),
    mitre('T1046', 'Network Service Discovery'),
    k8sDocs(
      'KEP-4940: block the host field of probes and lifecycle handlers',
      'https://github.com/kubernetes/enhancements/tree/master/keps/sig-auth/4940-psa-block-host-field-in-probes',
    ),
  ],
  run({ pod, report }) {
    for (const c of pod.containers) checkContainer(c, report);
  },
});

function checkContainer(c: ContainerView, report: (r: Report) => void): void {
  for (const handler of HANDLERS) {
    for (const action of ACTIONS) {
      // The Pod Security Standards allow only an unset or empty host.
      const host = asString(getIn(c.body, ...handler, action, 'host'));
      if (host === undefined || host === '') continue;
      report({
        path: [...c.path, ...handler, action, 'host'],
        message: `${describeContainer(c)} sends its ${handler.join('.')} ${action} to host "${host}" instead of the pod`,
      });
    }
  }
}
