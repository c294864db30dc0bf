import { cis, mitre, nsa, pss } from '../../../core/references.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { containerOf, pssControl } from '../pss.js';

export default defineCheck({
  id: 'privileged-container',
  title: 'Container runs privileged',
  severity: 'critical',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    'A privileged container has every capability and access to all host devices; it can load kernel modules, mount the host filesystem and escape to the node.',
  remediation: 'Remove securityContext.privileged (or set it to false) and grant only the specific capabilities the container needs.',
  references: [
    cis('5.2.2', 'Minimize the admission of privileged containers'),
    nsa('Pod security: "Privileged" containers'),
    pss('baseline', 'Privileged Containers'),
    mitre('T1611', 'Escape to Host'),
  ],
  run({ object, pod, report }) {
    for (const path of pssControl(object, pod, 'privileged')?.fields ?? []) {
      const c = containerOf(pod, path);
      if (c) report({ path, message: `${describeContainer(c)} runs privileged (securityContext.privileged: true)` });
    }
  },
});
