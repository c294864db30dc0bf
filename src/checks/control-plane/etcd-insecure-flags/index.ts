import type { Severity } from '../../../core/severity.js';
import type { FlagRule } from '../flag-rules.js';
import { cisReferences } from '../flag-rules.js';
import { defineCheck } from '../../api.js';
import { checkComponent } from '../component-check.js';

const CLIENT_TLS = 'etcd serves clients without TLS, so cluster state, Secrets included, crosses the network in clear text';
const PEER_TLS = 'etcd members replicate the cluster state to each other without TLS';

/** CIS Kubernetes Benchmark v1.12 section 2 (etcd); etcd also reads each flag from ETCD_<FLAG> variables. */
export const ETCD_RULES: readonly FlagRule[] = [
  { cis: '2.1', title: 'Ensure that the --cert-file and --key-file arguments are set as appropriate', test: 'set', flag: 'cert-file', risk: CLIENT_TLS },
  { cis: '2.1', title: 'Ensure that the --cert-file and --key-file arguments are set as appropriate', test: 'set', flag: 'key-file', risk: CLIENT_TLS },
  {
    cis: '2.2', title: 'Ensure that the --client-cert-auth argument is set to true', test: 'bool', flag: 'client-cert-auth', want: true, defaultValue: false,
    risk: 'any client that reaches etcd can read and write the whole cluster state without a certificate',
  },
  {
    cis: '2.3', title: 'Ensure that the --auto-tls argument is not set to true', test: 'bool', flag: 'auto-tls', want: false, defaultValue: false,
    severity: 'medium', risk: 'etcd serves clients a generated self-signed certificate that they cannot verify',
  },
  { cis: '2.4', title: 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate', test: 'set', flag: 'peer-cert-file', risk: PEER_TLS },
  { cis: '2.4', title: 'Ensure that the --peer-cert-file and --peer-key-file arguments are set as appropriate', test: 'set', flag: 'peer-key-file', risk: PEER_TLS },
  {
    cis: '2.5', title: 'Ensure that the --peer-client-cert-auth argument is set to true', test: 'bool', flag: 'peer-client-cert-auth', want: true, defaultValue: false,
    risk: 'any host that reaches the peer port can join the cluster or read replication traffic without a certificate',
  },
  {
    cis: '2.6', title: 'Ensure that the --peer-auto-tls argument is not set to true', test: 'bool', flag: 'peer-auto-tls', want: false, defaultValue: false,
    severity: 'medium', risk: 'etcd members use generated self-signed certificates that their peers cannot verify',
  },
  {
    cis: '2.7', title: 'Ensure that a unique Certificate Authority is used for etcd', test: 'set', flag: 'trusted-ca-file',
    severity: 'medium', risk: 'etcd has no CA of its own to check client certificates against',
  },
  {
    cis: '2.7', title: 'Ensure that a unique Certificate Authority is used for etcd', test: 'distinct-ca', flag: 'trusted-ca-file',
    severity: 'medium', risk: 'every certificate the cluster CA signs (kubelets, users, components) is also accepted by etcd',
  },
];

const SEVERITY: Severity = 'high';

export default defineCheck({
  id: 'etcd-insecure-flags',
  title: 'etcd runs with insecure flags',
  severity: SEVERITY,
  category: 'control-plane',
  target: 'workload',
  admission: true,
  description:
    'etcd stores the entire cluster state, every Secret included. Without TLS and client certificate authentication, anyone who reaches its ports can read or rewrite the cluster, which is full cluster compromise.',
  remediation:
    'Edit the etcd static pod manifest (usually /etc/kubernetes/manifests/etcd.yaml): set --cert-file, --key-file, --peer-cert-file and --peer-key-file, set --client-cert-auth=true and --peer-client-cert-auth=true, remove --auto-tls and --peer-auto-tls, and point --trusted-ca-file at a CA used only for etcd.',
  references: cisReferences(ETCD_RULES),
  run(ctx) {
    // With --config-file, etcd ignores every other flag and ETCD_ variable; the file is not in the scan.
    checkComponent({ component: 'etcd', rules: ETCD_RULES, severity: SEVERITY, ignoresFlags: (line) => line.has('config-file') }, ctx);
  },
});
