import { cve, k8sDocs, mitre } from '../../../core/references.js';
import { asArray, getIn } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { describeObject, joinList } from '../shared.js';

export default defineCheck({
  id: 'service-external-ips',
  title: 'Service sets externalIPs',
  severity: 'medium',
  category: 'network',
  target: 'service',
  admission: true,
  description:
    'kube-proxy on every node captures traffic sent to the addresses in spec.externalIPs and forwards it to the Service, without any check that the creator owns those addresses. Anyone allowed to create or edit a Service can therefore intercept traffic meant for any IP, inside or outside the cluster, such as a database or a DNS server (CVE-2020-8554, unfixable by design); the API server refuses only loopback, link-local and unspecified addresses.',
  remediation:
    'Remove spec.externalIPs and expose the Service with type LoadBalancer or through an Ingress. Enable the DenyServiceExternalIPs admission plugin, or an admission policy that allows externalIPs only for trusted Services and addresses.',
  references: [
    cve('CVE-2020-8554'),
    k8sDocs('Service: external IPs', 'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips'),
    mitre('T1557', 'Adversary-in-the-Middle'),
  ],
  run({ object, report }) {
    const addresses = asArray(getIn(object.body, 'spec', 'externalIPs')).filter((a): a is string => typeof a === 'string' && a !== '');
    if (addresses.length === 0) return;
    const these = addresses.length === 1 ? 'this address' : 'these addresses';
    report({
      path: ['spec', 'externalIPs'],
      message: `${describeObject(object)} sets externalIPs ${joinList(addresses)}: every node captures traffic to ${these} and forwards it to the Service`,
    });
  },
});
