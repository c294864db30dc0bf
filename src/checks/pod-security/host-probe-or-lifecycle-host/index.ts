import { k8sDocs, mitre, pss } from '../../../core/references.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerOf, pssControl, valueAt } from '../pss.js';

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
  run({ object, pod, report }) {
    // At the latest policy version: the control exists only from v1.34, but the risk does not depend on it.
    for (const path of pssControl(object, pod, 'hostProbesAndHostLifecycle')?.fields ?? []) {
      const c = containerOf(pod, path);
      if (!c) continue;
      // [...container, 'livenessProbe' | 'lifecycle', 'postStart', 'httpGet' | 'tcpSocket', 'host']
      const handler = path.slice(c.path.length, -2).join('.');
      const action = String(path.at(-2));
      const host = String(valueAt(object, path));
      // The kubelet runs exec, httpGet and sleep hooks only: a tcpSocket hook fails without connecting.
      const message =
        handler.startsWith('lifecycle.') && action === 'tcpSocket'
          ? `${describeContainer(c)} sets host "${host}" on its ${handler} tcpSocket hook, which the kubelet does not run (the hook fails), and which Pod Security admission rejects from v1.34`
          : `${describeContainer(c)} sends its ${handler} ${action} to host "${host}" instead of the pod`;
      report({ path, message });
    }
  },
});
