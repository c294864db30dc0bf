import { describe, expect, it } from 'vitest';
import grpcRouteBackendRefNotPermitted from '../../src/checks/network/grpc-route-backend-ref-not-permitted/index.js';
import selectorLabelMismatch from '../../src/checks/hygiene/selector-label-mismatch/index.js';
import privilegeEscalationAllowed from '../../src/checks/pod-security/privilege-escalation-allowed/index.js';
import kubernetesDashboardDeployed from '../../src/checks/supply-chain/kubernetes-dashboard-deployed/index.js';
import tillerDeployed from '../../src/checks/supply-chain/tiller-deployed/index.js';
import namespacePodSecurityNotEnforced from '../../src/checks/pod-security/namespace-pod-security-not-enforced/index.js';
import { rampart } from '../helpers/cli.js';
import { scanManifestWithCheck, scanWithCheck } from '../helpers/fixture-scan.js';

describe('messages that say what the API server makes of a manifest', () => {
  it('privilege-escalation-allowed: allowPrivilegeEscalation false next to privileged or SYS_ADMIN protects little, and says on which runtime', () => {
    const { findings } = scanWithCheck(['test/checks/messages/escalation-overrides.yaml'], privilegeEscalationAllowed);
    const powers = 'root-level powers (mounts, namespaces) that no_new_privs does not take away';
    expect(findings.map((f) => f.message)).toEqual([
      'container "privileged" sets allowPrivilegeEscalation: false, which protects little because it runs privileged (the API server rejects the combination): a privileged container holds every capability, which no_new_privs does not take away',
      `container "cap-prefixed" sets allowPrivilegeEscalation: false, which protects little because it adds capability CAP_SYS_ADMIN (the API server rejects the combination), which CRI-O grants as SYS_ADMIN, with ${powers} (containerd prefixes it again and adds nothing)`,
      `container "cap-lower" sets allowPrivilegeEscalation: false, which protects little because it adds capability cap_sys_admin, which CRI-O grants as SYS_ADMIN, with ${powers} (containerd prefixes it again and adds nothing)`,
      `container "cap-plain" sets allowPrivilegeEscalation: false, which protects little because it adds capability SYS_ADMIN: the runtime still sets no_new_privs, but SYS_ADMIN gives ${powers}`,
      `container "all" sets allowPrivilegeEscalation: false, which protects little because it adds ALL capabilities, SYS_ADMIN among them: the runtime still sets no_new_privs, but SYS_ADMIN gives ${powers}`,
    ]);
  });

  it('kubernetes-dashboard-deployed: boolean flags are read as Go\'s strconv.ParseBool reads them, the last one winning', () => {
    const pod = (args: string[]) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: d, namespace: lab}\nspec:\n  containers:\n    - {name: ui, image: "kubernetesui/dashboard:v2.7.0", args: ${JSON.stringify(args)}}\n`;
    const severity = (args: string[]) => scanManifestWithCheck(pod(args), kubernetesDashboardDeployed).findings.map((f) => f.severity);
    for (const value of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(severity([`--enable-skip-login=${value}`]), value).toEqual(['high']);
    for (const value of ['0', 'f', 'F', 'FALSE', 'false', 'False', 'yes']) expect(severity([`--enable-insecure-login=${value}`]), value).toEqual(['medium']);
    expect(severity(['--enable-skip-login', '--enable-skip-login=false'])).toEqual(['medium']);
    expect(severity(['--enable-skip-login=0', '--enable-skip-login'])).toEqual(['high']);
  });

  it('selector-label-mismatch: the API server rejects an empty selector on apps controllers; elsewhere it matches every pod', () => {
    const { findings } = scanWithCheck(['src/checks/hygiene/selector-label-mismatch/fires.yaml'], selectorLabelMismatch);
    expect(findings.map((f) => f.message).filter((m) => m.includes('empty selector'))).toEqual([
      'Deployment "greedy" has an empty selector, which the API server rejects for a Deployment',
      'ReplicaSet "greedy-rs" has an empty selector, which the API server rejects for a ReplicaSet',
      'Job "sweep" has an empty selector, which matches every pod in its namespace',
    ]);
  });

  it('tiller-deployed: flags as Go\'s flag package reads them, and client certificate verification', () => {
    const pod = (container: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: t, namespace: kube-system}\nspec:\n  containers:\n    - {name: tiller, image: "ghcr.io/helm/tiller:v2.17.0", ${container}}\n`;
    const found = (container: string) => scanManifestWithCheck(pod(container), tillerDeployed).findings.map((f) => `${f.severity}: ${f.message.replace(/^.*\), /, '')}`);
    expect(found('command: ["/tiller", "--listen", "localhost:44134"]')).toEqual(['medium: listening on localhost only']);
    expect(found('args: ["-listen=127.0.0.1:44134"]')).toEqual(['medium: listening on localhost only']);
    expect(found('args: ["--listen=0.0.0.0:44134", "--listen", "[::1]:44134"]')).toEqual(['medium: listening on localhost only']);
    expect(found('args: ["--listen=localhost:44134", "--listen=:44134"]')).toEqual(['high: serving its unauthenticated gRPC API on port 44134']);
    const verified = 'medium: serving its gRPC API on port 44134 to clients with a verified certificate (--tls-verify)';
    expect(found('args: ["--tls-verify=True"]')).toEqual([verified]);
    expect(found('env: [{name: TILLER_TLS_VERIFY, value: "1"}]')).toEqual([verified]);
    expect(found('env: [{name: TILLER_TLS_VERIFY, value: "1"}], args: ["-tls-verify=false"]')).toEqual(['high: serving its unauthenticated gRPC API on port 44134']);
    expect(found('args: ["--tls"]')).toEqual(['high: serving its unauthenticated gRPC API on port 44134']);
  });

  it('grpc-route-backend-ref-not-permitted: a ReferenceGrant for HTTPRoutes does not permit a GRPCRoute, whose refused calls get UNAVAILABLE', () => {
    const grant = (from: string) =>
      `---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: routes, namespace: backend}\nspec:\n  from: [${from}]\n  to: [{group: "", kind: Service}]\n`;
    const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: store, namespace: shop}\nspec:\n  rules:\n    - backendRefs: [{name: api, namespace: backend, port: 50051}]\n';
    const http = '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}';
    const grpc = '{group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: shop}';
    const found = (manifest: string) => scanManifestWithCheck(manifest, grpcRouteBackendRefNotPermitted).findings.map((f) => f.message);
    expect(found(route + grant(http))).toEqual([
      'spec.rules[0] of GRPCRoute "shop/store" names Service "backend/api" in another namespace as a backend, and ReferenceGrant "routes" in namespace "backend" does not permit it (it permits this reference from HTTPRoutes, not from GRPCRoutes): the reference is refused (ResolvedRefs False, RefNotPermitted) and the calls it would receive fail with gRPC status UNAVAILABLE',
    ]);
    expect(found(route + grant(grpc))).toEqual([]);
    expect(found(route + grant(`${http}, ${grpc}`))).toEqual([]);
  });

  it('namespace-pod-security-not-enforced: reads the labels as Pod Security Admission does, against the level asked for', () => {
    const namespace = (labels: Record<string, string>) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: ${JSON.stringify(labels)}\n`;
    const messages = (labels: Record<string, string>, params?: unknown) => scanManifestWithCheck(namespace(labels), namespacePodSecurityNotEnforced, params).findings.map((f) => f.message);
    const enforce = 'pod-security.kubernetes.io/enforce';
    expect(messages({ [enforce]: 'baseline' })).toEqual([]);
    expect(messages({ [enforce]: 'baseline', [`${enforce}-version`]: 'v1.30' }, { level: 'restricted' })).toEqual([
      'Namespace "shop" enforces baseline:v1.30, less than the restricted level required',
    ]);
    expect(messages({ [enforce]: 'baseline', 'pod-security.kubernetes.io/warn': 'restricted' }, { level: 'restricted' })).toEqual([
      'Namespace "shop" enforces baseline:latest, less than the restricted level required; its warn label only warns whoever applies the pods of violations, without refusing them',
    ]);
    // A warn label below the level asked for is not mentioned; an invalid version is refused, and the level still read.
    expect(messages({ 'pod-security.kubernetes.io/audit': 'baseline' }, { level: 'restricted' })).toEqual([
      `Namespace "shop" sets no ${enforce} label, so Pod Security Admission enforces the cluster's default there: privileged (everything allowed) unless the API server's admission configuration sets another`,
    ]);
    expect(messages({ [enforce]: 'restricted', [`${enforce}-version`]: '1.30' })).toEqual([
      `Namespace "shop" has a Pod Security label that Pod Security Admission refuses, so the API server rejects the Namespace: metadata.labels[${enforce}-version]: Invalid value: "1.30": must be "latest" or "v1.x"`,
    ]);
 
    // Before 1.23 the API server runs no Pod Security Admission unless a feature gate turns it on.
    const fires = 'src/checks/pod-security/namespace-pod-security-not-enforced/fires.yaml';
    const count = (version: string) =>
      (JSON.parse(rampart(['scan', fires, '--no-config-file', '--rule', 'namespace-pod-security-not-enforced', '--kube-version', version, '--format', 'json', '--fail-on', 'critical']).stdout) as { findings: unknown[] }).findings.length;
    expect([count('1.22'), count('1.23')]).toEqual([0, 4]);
  });
});
