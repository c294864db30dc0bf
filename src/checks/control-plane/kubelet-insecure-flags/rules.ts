import type { FlagRule } from '../flag-rules.js';

/** The cipher suites CIS 4.2.12 accepts (kube-bench cfg/cis-1.12/node.yaml). */
const STRONG_CIPHER_SUITES = new Set([
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
]);

/*
 * Each rule also names its field in a KubeletConfiguration file (`file`), with the default the kubelet
 * gives that field when the file leaves it out: the secure ones (anonymous requests refused, Webhook,
 * no read-only port), unlike the legacy flag defaults.
 *
 * The kubelet's flags override its configuration file (--config, and the drop-ins of --config-dir),
 * so a flag that is set is judged whatever the file says. An absent flag means the file's value when
 * there is a file, unknown here; without one the kubelet takes its legacy flag defaults, which are
 * the insecure ones (anonymous requests allowed, AlwaysAllow, the read-only port 10255).
 */
const FILE = { fileAlternative: ['config', 'config-dir'] } as const;

/**
 * CIS Kubernetes Benchmark v1.12 section 4.2 (kubelet), every recommendation kube-bench tests through
 * a flag but 4.2.8 (--event-qps: any value the kubelet accepts passes), and v1.6's 4.2.6 on
 * --protect-kernel-defaults, which later versions dropped.
 */
export const KUBELET_RULES: readonly FlagRule[] = [
  {
    cis: '4.2.1', title: 'Ensure that the --anonymous-auth argument is set to false', test: 'bool', flag: 'anonymous-auth', want: false, defaultValue: true, ...FILE,
    file: { path: ['authentication', 'anonymous', 'enabled'], defaultValue: false },
    severity: 'high', risk: "requests without credentials reach the kubelet's API (pods, logs, exec, run) as system:anonymous",
  },
  {
    cis: '4.2.2', title: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow', test: 'not-value', flag: 'authorization-mode', value: 'AlwaysAllow', defaultValue: 'AlwaysAllow', ...FILE,
    file: { path: ['authorization', 'mode'], defaultValue: 'Webhook' },
    severity: 'high', risk: 'every request the kubelet authenticates may run commands in any pod of the node, read its logs and its secrets',
  },
  {
    cis: '4.2.3', title: 'Ensure that the --client-ca-file argument is set as appropriate', test: 'set', flag: 'client-ca-file', ...FILE,
    file: { path: ['authentication', 'x509', 'clientCAFile'] },
    risk: 'the kubelet cannot authenticate clients by certificate, so the API server cannot prove who it is when it calls the kubelet',
  },
  {
    cis: '4.2.4', title: 'Verify that if defined, the --read-only-port argument is set to 0', test: 'zero', flag: 'read-only-port', defaultPort: 10255, ...FILE,
    file: { path: ['readOnlyPort'], defaultValue: 0 },
    risk: 'the read-only port serves pod specs, node details and metrics to anyone on the network, without authentication',
  },
  {
    cis: '4.2.5', title: 'Ensure that the --streaming-connection-idle-timeout argument is not set to 0', test: 'duration-nonzero', flag: 'streaming-connection-idle-timeout',
    file: { path: ['streamingConnectionIdleTimeout'] },
    severity: 'low', risk: 'exec, attach and port-forward streams never time out, so forgotten sessions stay open and exhaust the node',
  },
  {
    cis: '4.2.6', title: 'Ensure that the --make-iptables-util-chains argument is set to true', test: 'bool', flag: 'make-iptables-util-chains', want: true, defaultValue: true,
    file: { path: ['makeIPTablesUtilChains'], defaultValue: true },
    severity: 'low', risk: 'the kubelet no longer keeps the iptables chains pods rely on, so the node and pod network rules drift apart',
  },
  {
    cis: '4.2.7', title: 'Ensure that the --hostname-override argument is not set', test: 'unset', flag: 'hostname-override',
    severity: 'low', risk: 'the node registers under another name than its host, which can break TLS between the kubelet and the API server and confuses audits',
  },
  {
    cis: '4.2.9', title: 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate', test: 'set', flag: 'tls-cert-file', ...FILE,
    file: { path: ['tlsCertFile'], satisfiedBy: ['serverTLSBootstrap'] },
    // With --rotate-server-certificates the kubelet requests its serving certificate from the cluster instead.
    satisfiedBy: { flag: 'rotate-server-certificates', when: 'true' },
    severity: 'low', risk: 'the kubelet serves its API with a self-signed certificate that clients cannot verify',
  },
  {
    cis: '4.2.9', title: 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate', test: 'set', flag: 'tls-private-key-file', ...FILE,
    file: { path: ['tlsPrivateKeyFile'], satisfiedBy: ['serverTLSBootstrap'] },
    satisfiedBy: { flag: 'rotate-server-certificates', when: 'true' },
    severity: 'low', risk: 'the kubelet serves its API with a self-signed certificate that clients cannot verify',
  },
  {
    // CIS asks only that it is not turned off: an absent flag passes, as in kube-bench.
    cis: '4.2.10', title: 'Ensure that the --rotate-certificates argument is not set to false', test: 'bool', flag: 'rotate-certificates', want: true, defaultValue: true,
    file: { path: ['rotateCertificates'], defaultValue: true },
    risk: 'the kubelet keeps its client certificate until it expires instead of renewing it, so a stolen one stays valid and an expired one takes the node down',
  },
  {
    cis: '4.2.11', title: 'Verify that the RotateKubeletServerCertificate argument is set to true', test: 'feature-gate-on', gate: 'RotateKubeletServerCertificate',
    file: { path: ['featureGates'] },
    risk: 'the kubelet does not rotate its serving certificate, so a leaked certificate stays valid until it expires',
  },
  {
    cis: '4.2.12', title: 'Ensure that the Kubelet only makes use of Strong Cryptographic Ciphers', test: 'only', flag: 'tls-cipher-suites', allowed: STRONG_CIPHER_SUITES,
    file: { path: ['tlsCipherSuites'] },
    severity: 'low', risk: 'clients may negotiate cipher suites without forward secrecy or with weak algorithms',
  },
  {
    cis: '4.2.13', title: 'Ensure that a limit is set on pod PIDs', test: 'set', flag: 'pod-max-pids', ...FILE,
    file: { path: ['podPidsLimit'] },
    severity: 'low', risk: 'one pod can start processes until the node runs out of PIDs (a fork bomb takes every pod of the node down)',
  },
  {
    cis: '4.2.14', title: 'Ensure that the --seccomp-default parameter is set to true', test: 'bool', flag: 'seccomp-default', want: true, defaultValue: false, ...FILE,
    file: { path: ['seccompDefault'], defaultValue: false },
    severity: 'low', risk: 'containers that name no seccomp profile run Unconfined, with every system call open to them',
  },
  {
    cis: '4.2.6', cisVersion: '1.6', title: 'Ensure that the --protect-kernel-defaults argument is set to true', test: 'bool', flag: 'protect-kernel-defaults', want: true, defaultValue: false, ...FILE,
    file: { path: ['protectKernelDefaults'], defaultValue: false },
    severity: 'low', risk: 'the kubelet changes kernel parameters it needs instead of failing when they differ from its defaults, hiding a node that was tuned otherwise',
  },
];
