import type { FlagRule } from '../flag-rules.js';

/** The cipher suites CIS 1.2.29 accepts (kube-bench cfg/cis-1.12/master.yaml). */
const STRONG_CIPHER_SUITES = new Set([
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
]);

const AUTHZ = { flag: 'authorization-mode', defaultList: ['AlwaysAllow'], fileAlternative: 'authorization-config' } as const;

/**
 * CIS Kubernetes Benchmark v1.12 section 1.2 (API server) and 3.2.1, every recommendation kube-bench
 * tests through a flag, and the v1.6 recommendations on flags later releases removed. Not here:
 * 1.2.20 (--request-timeout, judgement only) and 1.2.28 (the providers inside the encryption
 * configuration file).
 */
export const API_SERVER_RULES: readonly FlagRule[] = [
  {
    cis: '1.2.1', title: 'Ensure that the --anonymous-auth argument is set to false', test: 'bool', flag: 'anonymous-auth', want: false, defaultValue: true,
    fileAlternative: 'authentication-config',
    risk: 'requests without credentials are served as system:anonymous with whatever RBAC grants system:unauthenticated',
  },
  {
    cis: '1.2.2', title: 'Ensure that the --token-auth-file parameter is not set', test: 'unset', flag: 'token-auth-file',
    risk: 'static bearer tokens in a file never expire and can only be revoked by restarting the API server',
  },
  {
    cis: '1.2.3', title: 'Ensure that the --DenyServiceExternalIPs is set', test: 'admission-plugin', plugin: 'DenyServiceExternalIPs', want: 'enabled', onByDefault: false,
    severity: 'low', risk: 'anyone who can create a Service can set spec.externalIPs and intercept traffic to those addresses (CVE-2020-8554)',
  },
  {
    cis: '1.2.4', title: 'Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate', test: 'set', flag: 'kubelet-client-certificate',
    risk: 'the API server cannot authenticate to kubelets, which then have to serve exec, logs and port-forward to unauthenticated callers',
  },
  {
    cis: '1.2.4', title: 'Ensure that the --kubelet-client-certificate and --kubelet-client-key arguments are set as appropriate', test: 'set', flag: 'kubelet-client-key',
    risk: 'the API server cannot authenticate to kubelets, which then have to serve exec, logs and port-forward to unauthenticated callers',
  },
  {
    cis: '1.2.5', title: 'Ensure that the --kubelet-certificate-authority argument is set as appropriate', test: 'set', flag: 'kubelet-certificate-authority',
    severity: 'medium', risk: "the API server does not verify kubelets' serving certificates, so exec, logs and port-forward traffic to nodes can be intercepted",
  },
  {
    cis: '1.2.6', title: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow', test: 'list', ...AUTHZ, item: 'AlwaysAllow', want: 'absent',
    severity: 'critical', risk: 'every request that authenticates, or is allowed anonymously, is authorized to do anything in the cluster',
  },
  {
    cis: '1.2.7', title: 'Ensure that the --authorization-mode argument includes Node', test: 'list', ...AUTHZ, item: 'Node', want: 'present',
    severity: 'medium', risk: 'kubelets are not limited to the Secrets, ConfigMaps and Pods of their own node',
  },
  {
    cis: '1.2.8', title: 'Ensure that the --authorization-mode argument includes RBAC', test: 'list', ...AUTHZ, item: 'RBAC', want: 'present',
    risk: 'Roles and RoleBindings are not enforced',
  },
  {
    cis: '1.2.9', title: 'Ensure that the admission control plugin EventRateLimit is set', test: 'admission-plugin', plugin: 'EventRateLimit', want: 'enabled', onByDefault: false,
    severity: 'low', risk: 'nothing limits the rate of Events, so a noisy or hostile client can flood the API server and etcd',
  },
  {
    cis: '1.2.10', title: 'Ensure that the admission control plugin AlwaysAdmit is not set', test: 'admission-plugin', plugin: 'AlwaysAdmit', want: 'disabled', onByDefault: false,
    severity: 'medium', risk: 'AlwaysAdmit is a deprecated test plugin that accepts every request without checking it',
  },
  {
    cis: '1.2.11', title: 'Ensure that the admission control plugin AlwaysPullImages is set', test: 'admission-plugin', plugin: 'AlwaysPullImages', want: 'enabled', onByDefault: false,
    severity: 'low', risk: 'a pod can run a private image already pulled on its node without having the credentials to pull it',
  },
  {
    cis: '1.2.12', title: 'Ensure that the admission control plugin ServiceAccount is set', test: 'admission-plugin', plugin: 'ServiceAccount', want: 'enabled', onByDefault: true,
    severity: 'medium', risk: 'pods may name service accounts that do not exist, and service account defaults and token handling are skipped',
  },
  {
    cis: '1.2.13', title: 'Ensure that the admission control plugin NamespaceLifecycle is set', test: 'admission-plugin', plugin: 'NamespaceLifecycle', want: 'enabled', onByDefault: true,
    severity: 'medium', risk: 'objects can be created in namespaces that do not exist or are being deleted, escaping their cleanup and policies',
  },
  {
    cis: '1.2.14', title: 'Ensure that the admission control plugin NodeRestriction is set', test: 'admission-plugin', plugin: 'NodeRestriction', want: 'enabled', onByDefault: false,
    risk: 'a kubelet may modify any Node and Pod object, so one compromised node can relabel others and attract their workloads',
  },
  {
    cis: '1.2.15', title: 'Ensure that the --profiling argument is set to false', test: 'bool', flag: 'profiling', want: false, defaultValue: true,
    severity: 'low', risk: 'the /debug/pprof endpoints expose internals and accept CPU-heavy profiling requests',
  },
  {
    cis: '1.2.16', title: 'Ensure that the --audit-log-path argument is set', test: 'set', flag: 'audit-log-path',
    severity: 'medium', risk: 'API requests are not written to an audit log, so there is no record of who did what',
  },
  {
    cis: '1.2.17', title: 'Ensure that the --audit-log-maxage argument is set to 30 or as appropriate', test: 'at-least', flag: 'audit-log-maxage', min: 30, unit: 'days',
    severity: 'low', risk: 'audit logs are deleted sooner than an investigation may need them',
  },
  {
    cis: '1.2.18', title: 'Ensure that the --audit-log-maxbackup argument is set to 10 or as appropriate', test: 'at-least', flag: 'audit-log-maxbackup', min: 10, unit: 'files',
    severity: 'low', risk: 'too few rotated audit log files are kept to reconstruct past activity',
  },
  {
    cis: '1.2.19', title: 'Ensure that the --audit-log-maxsize argument is set to 100 or as appropriate', test: 'at-least', flag: 'audit-log-maxsize', min: 100, unit: 'MB',
    severity: 'low', risk: 'audit log files rotate at a small size, so history is lost quickly',
  },
  {
    cis: '1.2.21', title: 'Ensure that the --service-account-lookup argument is set to true', test: 'bool', flag: 'service-account-lookup', want: true, defaultValue: true,
    severity: 'medium', risk: 'tokens of deleted service accounts keep working until they expire',
  },
  {
    cis: '1.2.22', title: 'Ensure that the --service-account-key-file argument is set as appropriate', test: 'set', flag: 'service-account-key-file',
    severity: 'low', risk: 'service account tokens are verified with the TLS serving key, so token signing keys cannot be rotated on their own',
  },
  {
    cis: '1.2.23', title: 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate', test: 'set', flag: 'etcd-certfile',
    risk: 'the API server connects to etcd without a client certificate, so etcd has to accept unauthenticated clients',
  },
  {
    cis: '1.2.23', title: 'Ensure that the --etcd-certfile and --etcd-keyfile arguments are set as appropriate', test: 'set', flag: 'etcd-keyfile',
    risk: 'the API server connects to etcd without a client certificate, so etcd has to accept unauthenticated clients',
  },
  {
    cis: '1.2.24', title: 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate', test: 'set', flag: 'tls-cert-file',
    severity: 'medium', risk: 'the API server serves a generated self-signed certificate that clients cannot verify',
  },
  {
    cis: '1.2.24', title: 'Ensure that the --tls-cert-file and --tls-private-key-file arguments are set as appropriate', test: 'set', flag: 'tls-private-key-file',
    severity: 'medium', risk: 'the API server serves a generated self-signed certificate that clients cannot verify',
  },
  {
    cis: '1.2.25', title: 'Ensure that the --client-ca-file argument is set as appropriate', test: 'set', flag: 'client-ca-file',
    severity: 'medium', risk: 'client certificate authentication is off, so components and users fall back to other credentials',
  },
  {
    cis: '1.2.26', title: 'Ensure that the --etcd-cafile argument is set as appropriate', test: 'set', flag: 'etcd-cafile',
    risk: "the API server does not verify etcd's certificate, so its connection to the cluster's datastore can be intercepted",
  },
  {
    cis: '1.2.27', title: 'Ensure that the --encryption-provider-config argument is set as appropriate', test: 'set', flag: 'encryption-provider-config',
    severity: 'medium', risk: 'Secrets are stored in etcd unencrypted, readable from etcd, its disks and its backups',
  },
  {
    cis: '1.2.29', title: 'Ensure that the API Server only makes use of Strong Cryptographic Ciphers', test: 'only', flag: 'tls-cipher-suites', allowed: STRONG_CIPHER_SUITES,
    severity: 'medium', risk: 'these suites lack forward secrecy or use CBC or RC4, so recorded API traffic is easier to decrypt',
  },
  {
    cis: '1.2.30', title: 'Ensure that the --service-account-extend-token-expiration parameter is set to false', test: 'bool', flag: 'service-account-extend-token-expiration',
    want: false, defaultValue: true,
    severity: 'low', risk: 'projected service account tokens are issued valid for a year instead of their requested lifetime, so a stolen token stays useful',
  },
  {
    cis: '3.2.1', title: 'Ensure that a minimal audit policy is created', test: 'set', flag: 'audit-policy-file',
    severity: 'medium', risk: 'without an audit policy the API server records no audit events, even with an audit log path',
  },
  // Flags of older releases that CIS v1.6 tested and later versions dropped with the flags; a
  // manifest for such a release still runs with them.
  {
    cis: '1.2.2', cisVersion: '1.6', title: 'Ensure that the --basic-auth-file argument is not set', test: 'unset', flag: 'basic-auth-file',
    risk: 'passwords in a plain-text file are sent with every request, never expire and can only be changed by restarting the API server (the flag was removed in Kubernetes 1.19)',
  },
  {
    cis: '1.2.4', cisVersion: '1.6', title: 'Ensure that the --kubelet-https argument is set to true', test: 'bool', flag: 'kubelet-https', want: true, defaultValue: true,
    risk: 'the API server talks to kubelets over plain HTTP, so exec, logs and port-forward traffic to nodes can be read and changed on the way (a flag of older releases)',
  },
  {
    cis: '1.2.18', cisVersion: '1.6', title: 'Ensure that the --insecure-bind-address argument is not set', test: 'unset', flag: 'insecure-bind-address',
    risk: 'the insecure port, which skips authentication and authorization, listens on that address instead of localhost (the flag has no effect from Kubernetes 1.20)',
  },
  {
    cis: '1.2.19', cisVersion: '1.6', title: 'Ensure that the --insecure-port argument is set to 0', test: 'zero', flag: 'insecure-port',
    severity: 'critical', risk: 'the API server answers plain HTTP there without authentication or authorization, as a cluster admin, to anyone who reaches the port (from Kubernetes 1.20 only 0 is accepted)',
  },
  {
    cis: '1.2.20', cisVersion: '1.6', title: 'Ensure that the --secure-port argument is not set to 0', test: 'nonzero', flag: 'secure-port',
    risk: 'the API server serves no HTTPS, so clients reach it only through the insecure port, if at all',
  },
];
