import type { Check } from '../api.js';
import ingressBackendMissing from './ingress-backend-missing/index.js';
import ingressNginxSnippetAnnotation from './ingress-nginx-snippet-annotation/index.js';
import ingressWithoutTls from './ingress-without-tls/index.js';
import networkPolicySelectsNothing from './network-policy-selects-nothing/index.js';
import podNotSelectedByNetworkPolicy from './pod-not-selected-by-network-policy/index.js';
import privilegedPort from './privileged-port/index.js';
import serviceExternalIps from './service-external-ips/index.js';
import serviceNodePort from './service-node-port/index.js';
import serviceSelectsNothing from './service-selects-nothing/index.js';
import serviceSshPortExposed from './service-ssh-port-exposed/index.js';
import serviceTargetPortInvalid from './service-target-port-invalid/index.js';
import sshPortExposed from './ssh-port-exposed/index.js';

/** Network exposure: NetworkPolicy isolation, Services, Ingresses and listening ports. */
export const networkChecks: readonly Check[] = [
  podNotSelectedByNetworkPolicy,
  networkPolicySelectsNothing,
  serviceNodePort,
  serviceExternalIps,
  serviceSelectsNothing,
  serviceTargetPortInvalid,
  serviceSshPortExposed,
  sshPortExposed,
  privilegedPort,
  ingressWithoutTls,
  ingressBackendMissing,
  ingressNginxSnippetAnnotation,
];
