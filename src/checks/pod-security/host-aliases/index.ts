import { k8sDocs } from '../../../core/references.js';
import { asArray, asString, recordsWithIndex } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

const SHOWN_ENTRIES = 3;

export default defineCheck({
  id: 'host-aliases',
  title: 'Pod overrides name resolution through hostAliases',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "hostAliases writes entries into the pod's /etc/hosts, which take precedence over DNS: a manifest can silently send traffic for an in-cluster service or an external API to another address, and the mapping outlives changes made in DNS.",
  remediation:
    'Remove spec.hostAliases and publish the names in DNS (a Service, an ExternalName Service or a CoreDNS rewrite) where they are visible and managed centrally.',
  references: [
    k8sDocs('Adding entries to Pod /etc/hosts with HostAliases', 'https://kubernetes.io/docs/tasks/network/customize-hosts-file-for-pods/'),
  ],
  run({ pod, report }) {
    const entries = recordsWithIndex(pod.spec.hostAliases)
      .map(({ record }) => [asString(record.ip), ...asArray(record.hostnames).filter((n) => typeof n === 'string')].filter(Boolean).join(' '))
      .filter((entry) => entry !== '');
    if (entries.length === 0) return;
    const more = entries.length > SHOWN_ENTRIES ? ` and ${entries.length - SHOWN_ENTRIES} more` : '';
    report({
      path: [...pod.specPath, 'hostAliases'],
      message: `pod adds /etc/hosts entries that override DNS: ${entries.slice(0, SHOWN_ENTRIES).join('; ')}${more}`,
    });
  },
});
