/**
 * The names of kube-linter's built-in checks (the `name:` of each file of its
 * pkg/builtinchecks/yamls, github.com/stackrox/kube-linter), for refusing a `checks.include` that
 * names no check, as kube-linter does. The union of every version of those files read, up to
 * the main branch at commit 8b534a6b (kube-chainsaw-rbac, and the cel-expression checks from
 * aggregate-to-admin-escalation to wildcard-resource-verb-combo): names some versions had and
 * others dropped or renamed (`target-port-specification`, `probe-port`) are kept, so a name a
 * given kube-linter lacks may pass, but a name refused here is one that no version read has.
 */
export const KUBE_LINTER_BUILT_IN_CHECKS: ReadonlySet<string> = new Set([
  'access-to-create-pods', 'access-to-secrets', 'aggregate-to-admin-escalation', 'approve-signers-without-resource-names',
  'automount-service-account-token', 'bind-verb-in-role', 'cluster-admin-role-binding', 'cluster-wide-secrets-access', 'configmap-with-credentials',
  'container-runtime-sock', 'dangling-horizontalpodautoscaler', 'dangling-ingress', 'dangling-networkpolicy', 'dangling-networkpolicy-rule',
  'dangling-networkpolicypeer-podselector', 'dangling-service', 'dangling-servicemonitor', 'default-service-account',
  'deletecollection-verb-in-role', 'deprecated-service-account-field', 'dnsconfig-options', 'docker-sock', 'drop-net-raw-capability',
  'duplicate-env-var', 'duplicate-kinds', 'env-value-from', 'env-var-secret', 'escalate-verb-in-role', 'exposed-services',
  'externalname-service-redirect', 'host-ipc', 'host-network', 'host-pid', 'hpa-maximum-replicas', 'hpa-minimum-three-replicas',
  'image-not-pinned-by-digest', 'image-sha', 'impersonate-without-resource-names', 'init-container-security-gap', 'insecure-route-termination',
  'invalid-target-ports', 'job-ttl-seconds-after-finished', 'kube-chainsaw-rbac', 'latest-tag', 'liveness-port', 'minimum-three-replicas',
  'mismatching-selector', 'no-anti-affinity', 'no-extensions-v1beta', 'no-liveness-probe', 'no-node-affinity', 'no-read-only-root-fs',
  'no-readiness-probe', 'no-rolling-update-strategy', 'no-startup-probe', 'non-existent-service-account', 'non-isolated-pod', 'pdb-max-unavailable',
  'pdb-min-available', 'pdb-unhealthy-pod-eviction-policy', 'pod-disruption-budget', 'priority-class-name', 'privilege-escalation-container',
  'privileged-container', 'privileged-ports', 'probe-port', 'projected-token-long-expiration', 'read-secret-from-env-var', 'readiness-port',
  'required-annotation-email', 'required-label-owner', 'restart-policy', 'run-as-non-root', 'scc-deny-privileged-container', 'schema-validation',
  'sensitive-host-mounts', 'sorted-keys', 'ssh-port', 'stackrox-securedcluster-deprecated-fields', 'startup-port', 'target-port-specification',
  'unsafe-proc-mount', 'unsafe-sysctls', 'unset-cpu-requirements', 'unset-ephemeral-storage-requirements', 'unset-memory-requirements',
  'upgrade-strategy', 'use-namespace', 'volume-mounts', 'volumeclaimtemplates', 'webhook-failure-policy-ignore', 'wildcard-in-rules',
  'wildcard-resource-verb-combo', 'writable-host-mount',
]);

/**
 * kube-linter's validation of the checks it runs (configresolver.GetEnabledChecksAndValidate): the
 * default checks, every built-in one with addAllBuiltIn, the custom checks and those of
 * `checks.include`, less those of `checks.exclude`, must each name a check, or kube-linter stops
 * with "enabled checks validation error: check \"NAME\" not found". Only an included name can
 * fail: one also excluded is never looked up, and an unknown name in `checks.exclude` alone is
 * accepted. Returns the included names that fail, in the order written.
 */
export function unknownIncludedChecks(include: readonly string[], exclude: ReadonlySet<string>, customNames: ReadonlySet<string>): string[] {
  return [...new Set(include)].filter((name) => !exclude.has(name) && !customNames.has(name) && !KUBE_LINTER_BUILT_IN_CHECKS.has(name));
}
