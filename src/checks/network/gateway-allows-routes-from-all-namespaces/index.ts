import { k8sDocs, mitre } from '../../../core/references.js';
import { asRecord, asString } from '../../../k8s/access.js';
import { isEmptySelector, parseLabelSelector } from '../../../k8s/selectors.js';
import { defineCheck } from '../../api.js';
import { describeGateway, describeListener, gatewayListeners } from '../gateway-api.js';

export default defineCheck({
  id: 'gateway-allows-routes-from-all-namespaces',
  title: 'Gateway listener accepts routes from every namespace',
  severity: 'medium',
  category: 'network',
  target: 'gateway',
  admission: true,
  description:
    'A listener whose allowedRoutes.namespaces.from is All, or Selector with an empty selector (which matches every namespace), lets a route in any namespace attach to it, including namespaces created later and those of other teams and tenants. Whoever can create an HTTPRoute anywhere can then publish a service on the Gateway\'s address and certificates, take over paths of hostnames other teams serve, or send their traffic to a backend of their choosing. When allowedRoutes or its namespaces is left out, from defaults to Same (the Gateway\'s own namespace), which is not reported.',
  remediation:
    'Set allowedRoutes.namespaces.from: Selector with a selector naming the namespaces that may attach routes (for example matchLabels on a label only platform administrators can set, or kubernetes.io/metadata.name for a fixed list), or Same when the routes live with the Gateway.',
  references: [
    k8sDocs('Gateway API: Cross-namespace routing', 'https://gateway-api.sigs.k8s.io/guides/multiple-ns/'),
    k8sDocs('Gateway API: Security model', 'https://gateway-api.sigs.k8s.io/concepts/security-model/'),
    mitre('T1557', 'Adversary-in-the-Middle'),
  ],
  run({ object, index, report }) {
    for (const listener of gatewayListeners(object)) {
      const namespaces = asRecord(asRecord(listener.record.allowedRoutes)?.namespaces);
      const from = asString(namespaces?.from);
      const where = `${describeListener(listener)} of ${describeGateway(object, index)}`;
      if (from === 'All') {
        report({ path: [...listener.path, 'allowedRoutes', 'namespaces', 'from'], message: `${where} accepts routes from every namespace (allowedRoutes.namespaces.from: All)` });
      } else if (from === 'Selector' && asRecord(namespaces?.selector) !== undefined) {
        const selector = parseLabelSelector(namespaces?.selector);
        if (selector.valid && isEmptySelector(selector)) {
          report({ path: [...listener.path, 'allowedRoutes', 'namespaces', 'selector'], message: `${where} accepts routes from every namespace: its allowedRoutes.namespaces.selector is empty, which matches all of them` });
        }
      }
    }
  },
});
