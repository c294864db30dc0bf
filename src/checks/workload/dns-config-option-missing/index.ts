import { z } from 'zod';
import { k8sDocs } from '../../../core/references.js';
import { asArray, asRecord } from '../../../k8s/access.js';
import { isOwnedByWorkload } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

/** What the pod's DNS config says about the option, for the message. */
function whatIsSet(dnsConfig: Record<string, unknown> | undefined, options: readonly unknown[], name: string): string {
  if (!dnsConfig) return 'sets no dnsConfig';
  if (dnsConfig.options === undefined || dnsConfig.options === null) return 'sets no dnsConfig.options';
  const option = options.map((o) => asRecord(o)).find((o) => o?.name === name);
  if (!option) return `has no ${name} option in dnsConfig.options`;
  const value = option.value;
  if (value === undefined || value === null) return `sets ${name} without a value`;
  if (typeof value !== 'string') return `writes ${name} as ${JSON.stringify(value)}, not as a string (the API server refuses it)`;
  return `sets ${name} to "${value}"`;
}

export default defineCheck({
  id: 'dns-config-option-missing',
  title: 'Pod does not set the required DNS resolver option',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  params: z
    .object({
      name: z.string().min(1).default('ndots'),
      value: z.string().default('2'),
    })
    .strict(),
  description:
    "The kubelet writes a pod's /etc/resolv.conf with the cluster's search domains and ndots:5, so a lookup of any name with fewer than five dots (api.example.com) is first tried against every search domain: three or four failed queries to the cluster DNS before the real one, which adds latency and load and lets an in-cluster name shadow an external one. spec.dnsConfig.options adds resolver options that override those defaults. The rule reports a pod template whose dnsConfig.options has no option with the configured name and value (by default ndots set to \"2\"); the value is compared as written. Off by default: set the name and value your platform standardizes on.",
  remediation:
    'Add the option to spec.template.spec.dnsConfig.options (spec.dnsConfig.options for a Pod), for example `dnsConfig: {options: [{name: ndots, value: "2"}]}`, or write fully qualified names with a trailing dot in the application.',
  references: [k8sDocs("DNS for Services and Pods: Pod's DNS Config", 'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-dns-config')],
  run({ object, pod, params, report }) {
    if (isOwnedByWorkload(object)) return;
    const dnsConfig = asRecord(pod.spec.dnsConfig);
    const options = asArray(dnsConfig?.options);
    if (options.some((o) => asRecord(o)?.name === params.name && asRecord(o)?.value === params.value)) return;
    report({
      path: [...pod.specPath, 'dnsConfig', 'options'],
      message: `${object.kind} "${object.name}" ${whatIsSet(dnsConfig, options, params.name)}; the DNS resolver option ${params.name}:${params.value} is required`,
    });
  },
});
