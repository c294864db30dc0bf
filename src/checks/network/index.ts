import type { Check } from '../api.js';
import gatewayAllowsRoutesFromAllNamespaces from './gateway-allows-routes-from-all-namespaces/index.js';
import gatewayCertificateRefNotPermitted from './gateway-certificate-ref-not-permitted/index.js';
import gatewayFrontendTlsInsecureFallback from './gateway-frontend-tls-insecure-fallback/index.js';
import gatewayListenerTlsMissing from './gateway-listener-tls-missing/index.js';
import grpcRouteBackendRefNotPermitted from './grpc-route-backend-ref-not-permitted/index.js';
import grpcRouteBackendTlsPolicyMissing from './grpc-route-backend-tls-policy-missing/index.js';
import grpcRouteServesPlainText from './grpc-route-serves-plain-text/index.js';
import grpcRouteWildcardHostname from './grpc-route-wildcard-hostname/index.js';
import httpRouteBackendRefNotPermitted from './http-route-backend-ref-not-permitted/index.js';
import httpRouteBackendTlsPolicyMissing from './http-route-backend-tls-policy-missing/index.js';
import httpRouteServesPlainHttp from './http-route-serves-plain-http/index.js';
import httpRouteWildcardHostname from './http-route-wildcard-hostname/index.js';
import ingressBackendMissing from './ingress-backend-missing/index.js';
import ingressNginxSnippetAnnotation from './ingress-nginx-snippet-annotation/index.js';
import ingressWithoutTls from './ingress-without-tls/index.js';
import kgatewayBackendTlsVerificationDisabled from './kgateway-backend-tls-verification-disabled/index.js';
import namespaceWithoutDefaultDeny from './namespace-without-default-deny/index.js';
import networkPolicyAllowsMetadataEgress from './network-policy-allows-metadata-egress/index.js';
import networkPolicyInvalid from './network-policy-invalid/index.js';
import networkPolicyOpenToAllNamespaces from './network-policy-open-to-all-namespaces/index.js';
import networkPolicyOpenToInternet from './network-policy-open-to-internet/index.js';
import networkPolicyRuleNeverMatches from './network-policy-rule-never-matches/index.js';
import networkPolicySelectsNothing from './network-policy-selects-nothing/index.js';
import podNotSelectedByNetworkPolicy from './pod-not-selected-by-network-policy/index.js';
import podPartiallyIsolated from './pod-partially-isolated/index.js';
import privilegedPort from './privileged-port/index.js';
import serviceExternalIps from './service-external-ips/index.js';
import serviceNodePort from './service-node-port/index.js';
import serviceSelectsNothing from './service-selects-nothing/index.js';
import serviceSshPortExposed from './service-ssh-port-exposed/index.js';
import serviceTargetPortInvalid from './service-target-port-invalid/index.js';
import sshPortExposed from './ssh-port-exposed/index.js';
import suspiciousUrlAnnotation from './suspicious-url-annotation/index.js';
import agentSandboxEgressUnrestricted from './agent-sandbox-egress-unrestricted/index.js';
import workloadExposedByGatewayRoute from './workload-exposed-by-gateway-route/index.js';
import workloadExposedByServiceOrIngress from './workload-exposed-by-service-or-ingress/index.js';

/** Network exposure: NetworkPolicy isolation, Services, Ingresses, Gateway API objects and listening ports. */
export const networkChecks: readonly Check[] = [
  podNotSelectedByNetworkPolicy,
  podPartiallyIsolated,
  namespaceWithoutDefaultDeny,
  networkPolicySelectsNothing,
  networkPolicyOpenToAllNamespaces,
  networkPolicyOpenToInternet,
  networkPolicyAllowsMetadataEgress,
  networkPolicyRuleNeverMatches,
  networkPolicyInvalid,
  serviceNodePort,
  serviceExternalIps,
  serviceSelectsNothing,
  serviceTargetPortInvalid,
  serviceSshPortExposed,
  workloadExposedByServiceOrIngress,
  workloadExposedByGatewayRoute,
  sshPortExposed,
  privilegedPort,
  ingressWithoutTls,
  ingressBackendMissing,
  ingressNginxSnippetAnnotation,
  gatewayListenerTlsMissing,
  gatewayAllowsRoutesFromAllNamespaces,
  gatewayFrontendTlsInsecureFallback,
  gatewayCertificateRefNotPermitted,
  httpRouteWildcardHostname,
  httpRouteBackendRefNotPermitted,
  httpRouteServesPlainHttp,
  httpRouteBackendTlsPolicyMissing,
  grpcRouteBackendRefNotPermitted,
  grpcRouteServesPlainText,
  grpcRouteWildcardHostname,
  grpcRouteBackendTlsPolicyMissing,
  kgatewayBackendTlsVerificationDisabled,
  suspiciousUrlAnnotation,
  agentSandboxEgressUnrestricted,
];
