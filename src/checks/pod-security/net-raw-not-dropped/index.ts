import { cis, mitre, pss } from '../../../core/references.js';
import { droppedCapabilities, ignoredDropsNote, isWindowsPod, normalizedCapabilities } from '../../../k8s/security-context.js';
import { type ContainerView, describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

/**
 * Added NET_RAW (or ALL) is reported by the capability-adding rules; here only the inherited default counts.
 * A privileged container is left to privileged-container: containerd applies its privileged spec after
 * the capability list (oci.WithPrivileged grants every capability) and CRI-O grants them all too, so no
 * drop entry takes NET_RAW away from it.
 */
function keepsDefaultNetRaw(c: ContainerView, dropped: ReadonlySet<string>): boolean {
  if (c.securityContext?.privileged === true) return false;
  const added = new Set(normalizedCapabilities(c, 'add').map((cap) => cap.name));
  return !added.has('NET_RAW') && !added.has('ALL') && !dropped.has('NET_RAW') && !dropped.has('ALL');
}

export default defineCheck({
  id: 'net-raw-not-dropped',
  title: 'Container keeps the NET_RAW capability',
  severity: 'medium',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'Container runtimes grant NET_RAW by default. It lets a process open raw sockets to forge packets, for ARP or DNS spoofing of other pods on the node and man-in-the-middle attacks, and it has been the entry point of several kernel exploits; hardly any application needs it beyond ping. A container that adds NET_RAW explicitly is reported by capability-beyond-baseline instead, and a privileged container, which holds every capability whatever it drops, by privileged-container. Windows pods are exempt.',
  remediation: 'Add NET_RAW (or, better, ALL) to securityContext.capabilities.drop.',
  references: [
    cis('5.2.8', 'Minimize the admission of containers with the NET_RAW capability'),
    pss('restricted', 'Capabilities'),
    mitre('T1557', 'Adversary-in-the-Middle'),
  ],
  run({ pod, report }) {
    if (isWindowsPod(pod)) return;
    for (const c of pod.containers) {
      const { dropped, ignored } = droppedCapabilities(c);
      if (keepsDefaultNetRaw(c, dropped)) {
        report({ path: [...c.path, 'securityContext', 'capabilities', 'drop'], message: `${describeContainer(c)} keeps the default NET_RAW capability: capabilities.drop has neither NET_RAW nor ALL${ignored.length > 0 ? `; ${ignoredDropsNote(ignored)}` : ''}` });
      }
    }
  },
});
