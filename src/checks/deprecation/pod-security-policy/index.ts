import { cis, k8sDocs } from '../../../core/references.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { defineCheck } from '../../api.js';

/** PodSecurityPolicy was deprecated in 1.21 and its API and admission plugin removed in 1.25. */
const PSP_REMOVED_IN = 25;

export default defineCheck({
  id: 'pod-security-policy',
  title: 'PodSecurityPolicy no longer enforces anything',
  severity: 'medium',
  category: 'deprecation',
  target: 'pod-security-policy',
  admission: true,
  description:
    'Kubernetes 1.25 removed PodSecurityPolicy and its admission plugin. A PodSecurityPolicy gives a false sense of protection: on current clusters it is rejected or ignored and pods are admitted without the restrictions it describes.',
  remediation:
    'Enforce the Pod Security Standards with Pod Security Admission (label each namespace with pod-security.kubernetes.io/enforce: restricted or baseline), or with a policy engine, then delete the PodSecurityPolicy and the RBAC that grants its use.',
  references: [
    cis('5.2.1', 'Ensure that the cluster has at least one active policy control mechanism in place'),
    k8sDocs('Migrate from PodSecurityPolicy to the Built-In PodSecurity Admission Controller', 'https://kubernetes.io/docs/tasks/configure-pod-container/migrate-from-psp/'),
    k8sDocs('Pod Security Admission', 'https://kubernetes.io/docs/concepts/security/pod-security-admission/'),
  ],
  run({ object, settings, report }) {
    const target = kubeMinorVersion(settings.kubeVersion);
    const message =
      target !== undefined && target < PSP_REMOVED_IN
        ? `PodSecurityPolicy "${object.name}" stops being enforced when the cluster reaches Kubernetes 1.25, which removed the API: move its rules to Pod Security Admission before upgrading`
        : `PodSecurityPolicy "${object.name}" enforces nothing: Kubernetes 1.25 removed the API and its admission plugin, so pods are admitted without these restrictions; use Pod Security Admission`;
    report({ path: ['kind'], message });
  },
});
