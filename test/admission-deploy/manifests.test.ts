import { X509Certificate } from 'node:crypto';
import { chmodSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookCertificates } from '../../src/admission/certs/generate.js';
import { API_TOKEN_MOUNT_PATH, CONTAINER_PORT, TLS_DIGEST_ANNOTATION, TLS_MOUNT_PATH, type TlsSource, buildManifests } from '../../src/admission/deploy/build.js';
import { type DeployOptions, type RawDeployOptions, parseDeployOptions, serviceDnsNames } from '../../src/admission/deploy/options.js';
import { renderManifests } from '../../src/admission/deploy/render.js';
import { VERSION } from '../../src/package-files.js';
import { rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the tests walk the emitted YAML as plain data */
type Doc = Record<string, any>;

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function options(raw: RawDeployOptions = {}): DeployOptions {
  const parsed = parseDeployOptions(raw, VERSION);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.options;
}

/** Serializes and reads back, so the tests see what kubectl would. */
function roundTrip(deploy: DeployOptions, tls: TlsSource): Doc[] {
  return yaml.loadAll(renderManifests(buildManifests(deploy, tls, VERSION), ['header'])) as Doc[];
}

const find = (docs: Doc[], kind: string, name?: string): Doc => {
  const found = docs.filter((d) => d.kind === kind && (name === undefined || d.metadata.name === name));
  expect(found, `${kind} ${name ?? ''}`).toHaveLength(1);
  return found[0] as Doc;
};
const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

interface ScanReport {
  findings: { ruleId: string; severity: string; object: { kind: string; name: string }; message: string }[];
  suppressed: { ruleId: string; object: { kind: string } }[];
  summary: { objects: number; errors: number };
}

function scanJson(text: string, ...args: string[]): { code: number | null; report: ScanReport } {
  const r = rampart(['scan', '-', '--format', 'json', '--no-config-file', ...args], { input: text });
  return { code: r.code, report: JSON.parse(r.stdout) as ScanReport };
}

describe('admission manifests: the objects', () => {
  let generated: TlsSource & { kind: 'generated' };
  let docs: Doc[];
  const deploy = options();

  beforeAll(async () => {
    generated = { kind: 'generated', certificates: await generateWebhookCertificates({ dnsNames: serviceDnsNames(deploy) }) };
    docs = roundTrip(deploy, generated);
  });

  it('are complete, in applying order', () => {
    expect(docs.map((d) => d.kind)).toEqual([
      'Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Secret', 'Service', 'NetworkPolicy', 'Deployment', 'PodDisruptionBudget',
      'ValidatingWebhookConfiguration',
    ]);
    for (const d of docs) {
      if (!['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration'].includes(d.kind)) expect(d.metadata.namespace).toBe('rampart-system');
      expect(d.metadata.labels['app.kubernetes.io/instance']).toBe('rampart');
    }
  });

  it('label the namespace restricted', () => {
    expect(find(docs, 'Namespace').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  it('grant get/list/watch on namespaces and nothing else', () => {
    expect(find(docs, 'ClusterRole').rules).toEqual([{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] }]);
    expect(find(docs, 'ClusterRoleBinding')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rampart' },
      subjects: [{ kind: 'ServiceAccount', name: 'rampart', namespace: 'rampart-system' }],
    });
    expect(find(docs, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  it('run the server hardened, replicated and probed over HTTPS', () => {
    const deployment = find(docs, 'Deployment');
    const pod = deployment.spec.template.spec;
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.selector.matchLabels).toEqual(find(docs, 'Service').spec.selector);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(10000);
    expect(pod.securityContext.runAsGroup).toBeGreaterThan(10000);
    expect(pod.priorityClassName).toBe('system-cluster-critical');
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
    expect(pod.topologySpreadConstraints.map((t: Doc) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(pod.containers).toHaveLength(1);
    const [container] = pod.containers;
    expect(container.image).toBe(`ghcr.io/rampart-sec/rampart:${VERSION}`);
    expect(container.imagePullPolicy).toBe('Always');
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: pod.securityContext.runAsUser,
      runAsGroup: pod.securityContext.runAsGroup,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
    expect(container.ports).toEqual([{ name: 'https', containerPort: CONTAINER_PORT, protocol: 'TCP' }]);
    expect(container.args).toEqual([
      'admission', 'serve', '--port', String(CONTAINER_PORT), '--tls-cert', `${TLS_MOUNT_PATH}/tls.crt`, '--tls-key', `${TLS_MOUNT_PATH}/tls.key`,
    ]);
    expect(find(docs, 'PodDisruptionBudget').spec).toMatchObject({ maxUnavailable: 1, selector: deployment.spec.selector });
  });

  it('mount the API token explicitly, read-only, and only it and the TLS secret', () => {
    const pod = find(docs, 'Deployment').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    const [container] = pod.containers;
    const mount = (name: string) => container.volumeMounts.find((m: Doc) => m.name === name);
    const volume = (name: string) => pod.volumes.find((v: Doc) => v.name === name);
    expect(mount('api-token')).toEqual({ name: 'api-token', mountPath: API_TOKEN_MOUNT_PATH, readOnly: true });
    expect(volume('api-token').projected.sources.map((s: Doc) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    expect(volume('api-token').projected.sources[0].serviceAccountToken.path).toBe('token');
    expect(mount('tls')).toEqual({ name: 'tls', mountPath: TLS_MOUNT_PATH, readOnly: true });
    expect(volume('tls').secret.secretName).toBe(find(docs, 'Secret').metadata.name);
    expect(find(docs, 'Deployment').spec.template.metadata.annotations['kubernetes.io/description']).toMatch(/watches Namespaces/);
  });

  it('route port 443 of a ClusterIP Service to the container port', () => {
    expect(find(docs, 'Service').spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 443, targetPort: 'https', protocol: 'TCP' }] });
  });

  it('register a validating webhook that trusts exactly the CA that signed the served certificate', () => {
    const configuration = find(docs, 'ValidatingWebhookConfiguration');
    expect(configuration.metadata.annotations?.['cert-manager.io/inject-ca-from']).toBeUndefined();
    expect(configuration.webhooks).toHaveLength(1);
    const [webhook] = configuration.webhooks;
    expect(webhook).toMatchObject({
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      timeoutSeconds: 5,
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['rampart-system', 'kube-system'] }] },
      clientConfig: { service: { namespace: 'rampart-system', name: 'rampart', path: '/validate', port: 443 } },
    });
    const rules = webhook.rules as Doc[];
    const covers = (group: string, resource: string) =>
      rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.operations.includes('CREATE') && r.operations.includes('UPDATE'));
    for (const [group, resource] of [
      ['', 'pods'], ['', 'pods/ephemeralcontainers'], ['', 'replicationcontrollers'], ['apps', 'deployments'], ['apps', 'replicasets'],
      ['apps', 'statefulsets'], ['apps', 'daemonsets'], ['batch', 'jobs'], ['batch', 'cronjobs'],
    ] as const) {
      expect(covers(group, resource), `${group}/${resource}`).toBe(true);
    }

    // What the API server does: dial <service>.<namespace>.svc and verify against caBundle.
    const ca = new X509Certificate(decode(webhook.clientConfig.caBundle));
    const secret = find(docs, 'Secret');
    expect(secret.type).toBe('kubernetes.io/tls');
    const served = new X509Certificate(decode(secret.data['tls.crt']));
    expect(served.verify(ca.publicKey)).toBe(true);
    expect(served.checkHost(`${webhook.clientConfig.service.name}.${webhook.clientConfig.service.namespace}.svc`)).toBeDefined();
    expect(served.checkHost('rampart.rampart-system.svc.cluster.local')).toBeDefined();
    expect(decode(secret.data['ca.crt'])).toBe(decode(webhook.clientConfig.caBundle));
    expect(find(docs, 'Deployment').spec.template.metadata.annotations[TLS_DIGEST_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('add the mutating webhook for /mutate with --mutating', () => {
    const mutated = roundTrip(options({ mutating: true, failurePolicy: 'Ignore', timeout: '10' }), generated);
    const webhook = find(mutated, 'MutatingWebhookConfiguration').webhooks[0];
    expect(webhook).toMatchObject({ failurePolicy: 'Ignore', timeoutSeconds: 10, sideEffects: 'None', clientConfig: { service: { path: '/mutate' } } });
    expect(webhook.rules).toEqual(find(mutated, 'ValidatingWebhookConfiguration').webhooks[0].rules);
    expect(webhook.clientConfig.caBundle).toBe(find(mutated, 'ValidatingWebhookConfiguration').webhooks[0].clientConfig.caBundle);
  });

  it('pin the image and let nodes reuse it when --image has a digest', () => {
    const pinned = roundTrip(options({ image: `registry.example.com/rampart:1.0@${DIGEST}` }), generated);
    const [container] = find(pinned, 'Deployment').spec.template.spec.containers;
    expect(container).toMatchObject({ image: `registry.example.com/rampart:1.0@${DIGEST}`, imagePullPolicy: 'IfNotPresent' });
  });

  it('follow --namespace, --name, --replicas and --priority-class', () => {
    const custom = roundTrip(options({ namespace: 'security', name: 'gate', replicas: '3', priorityClass: '' }), generated);
    const pod = find(custom, 'Deployment', 'gate');
    expect(pod.metadata.namespace).toBe('security');
    expect(pod.spec.replicas).toBe(3);
    expect(pod.spec.template.spec.priorityClassName).toBeUndefined();
    const webhook = find(custom, 'ValidatingWebhookConfiguration', 'gate').webhooks[0];
    expect(webhook.name).toBe('pod-security.kubernetes.io');
    expect(webhook.clientConfig.service).toMatchObject({ namespace: 'security', name: 'gate' });
    expect(webhook.namespaceSelector.matchExpressions[0].values).toEqual(['security', 'kube-system']);
    expect(find(custom, 'Namespace', 'security')).toBeDefined();
  });
});

describe('admission manifests: cert-manager', () => {
  const deploy = options({ certManager: true, mutating: true, dns: ['rampart.example.com'], days: '90' });
  const docs = roundTrip(deploy, { kind: 'cert-manager' });

  it('has no generated secret or caBundle, and asks cert-manager to inject the CA', () => {
    expect(docs.filter((d) => d.kind === 'Secret')).toEqual([]);
    const serving = find(docs, 'Certificate', 'rampart-webhook-tls');
    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      const configuration = find(docs, kind);
      expect(configuration.metadata.annotations['cert-manager.io/inject-ca-from']).toBe(`${serving.metadata.namespace}/${serving.metadata.name}`);
      expect(configuration.webhooks[0].clientConfig.caBundle).toBeUndefined();
    }
    expect(find(docs, 'Deployment').spec.template.metadata.annotations[TLS_DIGEST_ANNOTATION]).toBeUndefined();
  });

  it('issues the serving certificate from its own self-signed CA into the secret the pods mount', () => {
    const selfSigned = find(docs, 'Issuer', 'rampart-selfsigned');
    const caCertificate = find(docs, 'Certificate', 'rampart-ca');
    const caIssuer = find(docs, 'Issuer', 'rampart-ca');
    const serving = find(docs, 'Certificate', 'rampart-webhook-tls');
    expect(selfSigned.spec).toEqual({ selfSigned: {} });
    expect(caCertificate.spec).toMatchObject({ isCA: true, issuerRef: { name: selfSigned.metadata.name, kind: 'Issuer', group: 'cert-manager.io' } });
    expect(caIssuer.spec).toEqual({ ca: { secretName: caCertificate.spec.secretName } });
    expect(serving.spec).toMatchObject({
      issuerRef: { name: caIssuer.metadata.name, kind: 'Issuer', group: 'cert-manager.io' },
      dnsNames: ['rampart.rampart-system.svc', 'rampart.rampart-system.svc.cluster.local', 'rampart.example.com'],
      duration: '2160h',
      usages: ['digital signature', 'server auth'],
      privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
    });
    expect(caCertificate.spec.duration).toBe('4320h');
    const tls = find(docs, 'Deployment').spec.template.spec.volumes.find((v: Doc) => v.name === 'tls');
    expect(tls.secret.secretName).toBe(serving.spec.secretName);
    // cert-manager objects in order: an Issuer exists before what it issues, all before the pods.
    const order = docs.map((d) => `${d.kind}/${d.metadata.name}`);
    expect(order.indexOf('Issuer/rampart-selfsigned')).toBeLessThan(order.indexOf('Certificate/rampart-ca'));
    expect(order.indexOf('Issuer/rampart-ca')).toBeLessThan(order.indexOf('Certificate/rampart-webhook-tls'));
    expect(order.indexOf('Certificate/rampart-webhook-tls')).toBeLessThan(order.indexOf('Deployment/rampart'));
  });
});

describe('admission manifests: options', () => {
  it.each([
    [{ namespace: 'kube-system' }, /namespace of its own/],
    [{ namespace: 'default' }, /namespace of its own/],
    [{ namespace: 'Bad_NS' }, /not a valid namespace name/],
    [{ name: '1rampart' }, /--name "1rampart" is not a valid name/],
    [{ image: 'Registry/UPPER:tag' }, /--image .* is not a valid image reference/],
    [{ replicas: '0' }, /--replicas expects a whole number from 1/],
    [{ replicas: 'two' }, /--replicas expects/],
    [{ failurePolicy: 'fail' }, /--failure-policy expects Fail or Ignore/],
    [{ timeout: '31' }, /--timeout expects whole seconds from 1 to 30/],
    [{ days: '0' }, /--days expects/],
    [{ dns: ['not a name'] }, /--dns: "not a name" is not a valid DNS name/],
    [{ priorityClass: 'Not Valid' }, /--priority-class/],
  ] as [RawDeployOptions, RegExp][])('rejects %j', (raw, message) => {
    const parsed = parseDeployOptions(raw, VERSION);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(message);
  });

  it('names the Service in the certificate first', () => {
    expect(serviceDnsNames(options({ namespace: 'sec', name: 'gate', dns: ['gate.sec.svc', 'x.example'] }))).toEqual(['gate.sec.svc', 'gate.sec.svc.cluster.local', 'x.example']);
  });
});

describe('rampart admission manifests | rampart scan', () => {
  const variants: [string, string[]][] = [
    ['default', []],
    ['--cert-manager', ['--cert-manager']],
    ['--mutating', ['--mutating', '--failure-policy', 'Ignore']],
    ['--cert-manager --mutating', ['--cert-manager', '--mutating']],
  ];

  it.each(variants)('%s passes rampart scan --fail-on high, and every object passes schema-validation', (_label, args) => {
    const r = rampart(['admission', 'manifests', ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Rampart admission webhook, generated by rampart admission manifests /);

    // The command the brief names, exactly: exit 0.
    const plain = rampart(['scan', '-', '--fail-on', 'high', '--no-config-file'], { input: r.stdout });
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);

    // Nothing at any severity, even with the opt-in rules, except the unpinned default image
    // (left visible on purpose: only the user can pin it, with --image ...@sha256:...). The
    // manifests keep Kubernetes' customary key order (apiVersion, kind, metadata first), which the
    // opt-in style rule keys-not-sorted would report in every object.
    const all = scanJson(r.stdout, '--fail-on', 'never', '--enable-all', '--disable', 'keys-not-sorted');
    expect(all.report.summary.errors).toBe(0);
    // The NetworkPolicy rules that would close the webhook's network are exempted, with the reason,
    // and so are the opt-in rules asking for Guaranteed QoS (CPU, memory), a namespace quota, a
    // user namespace and DNS resolver options.
    expect(all.report.suppressed.map((f) => `${f.ruleId} ${f.object.kind}`)).toEqual([
      'namespace-without-default-deny Namespace',
      'namespace-without-resource-limits Namespace',
      'network-policy-open-to-internet NetworkPolicy',
      'host-users-not-disabled Deployment',
      'requests-not-equal-limits Deployment',
      'requests-not-equal-limits Deployment',
      'dns-config-option-missing Deployment',
      'pod-partially-isolated Deployment',
    ]);
    expect(all.report.findings.map((f) => `${f.ruleId} ${f.severity} ${f.object.kind}`)).toEqual(['image-not-pinned-by-digest low Deployment']);

    const schema = scanJson(r.stdout, '--rule', 'schema-validation', '--fail-on', 'info');
    expect(schema.report.findings).toEqual([]);
    expect(schema.code).toBe(0);
    const docs = yaml.loadAll(r.stdout) as Doc[];
    expect(schema.report.summary.objects).toBe(docs.length);
  });

  it('with a pinned image, has no finding at all, at any severity', () => {
    const r = rampart(['admission', 'manifests', '--image', `ghcr.io/rampart-sec/rampart:${VERSION}@${DIGEST}`]);
    expect(r.code).toBe(0);
    const scan = scanJson(r.stdout, '--fail-on', 'info', '--enable-all', '--disable', 'keys-not-sorted');
    expect(scan.report.findings).toEqual([]);
    expect(scan.code).toBe(0);
  });

  it('schema-validation really validates every built-in object (an unknown field is caught in each)', () => {
    const docs = yaml.loadAll(rampart(['admission', 'manifests', '--cert-manager', '--mutating']).stdout) as Doc[];
    const tampered = docs.map((d) => `---\n${yaml.dump({ ...d, bogusField: true })}`).join('');
    const { report } = scanJson(tampered, '--rule', 'schema-validation');
    const builtIn = docs.filter((d) => !String(d.apiVersion).startsWith('cert-manager.io/'));
    expect(report.findings.map((f) => `${f.object.kind}/${f.object.name}`).sort()).toEqual(builtIn.map((d) => `${d.kind}/${d.metadata.name}`).sort());
    // Custom resources have no built-in schema; their shape is tested above.
    expect(docs.length - builtIn.length).toBe(4);
  });

  it('writes --output atomically, mode 0600 when it holds the private key', () => {
    const dir = tempDir('rampart-manifests-');
    dirs.push(dir);
    const withKey = path.join(dir, 'webhook.yaml');
    expect(rampart(['admission', 'manifests', '--output', withKey]).code).toBe(0);
    expect(statSync(withKey).mode & 0o777).toBe(0o600);
    expect((yaml.loadAll(readFileSync(withKey, 'utf8')) as Doc[]).some((d) => d.kind === 'Secret')).toBe(true);
    const withoutKey = path.join(dir, 'cm.yaml');
    expect(rampart(['admission', 'manifests', '--cert-manager', '-o', withoutKey]).code).toBe(0);
    expect(statSync(withoutKey).mode & 0o777).toBe(0o644);
    // Replacing a file: without a key, its permissions are kept; with one, 0600 wins.
    chmodSync(withoutKey, 0o600);
    expect(rampart(['admission', 'manifests', '--cert-manager', '-o', withoutKey]).code).toBe(0);
    expect(statSync(withoutKey).mode & 0o777).toBe(0o600);
    chmodSync(withKey, 0o644);
    expect(rampart(['admission', 'manifests', '--output', withKey]).code).toBe(0);
    expect(statSync(withKey).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['cm.yaml', 'webhook.yaml']);
  });

  it('exits 2 with one line on a bad option or an unwritable output', () => {
    const bad = rampart(['admission', 'manifests', '--namespace', 'kube-system']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toMatch(/^rampart admission manifests: --namespace kube-system: /);
    const choice = rampart(['admission', 'manifests', '--failure-policy', 'Maybe']);
    expect(choice.code).toBe(2);
    const unwritable = rampart(['admission', 'manifests', '--output', '/nonexistent-dir/x.yaml']);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr.trim()).toBe('rampart admission manifests: cannot write /nonexistent-dir/x.yaml: no such directory');
  });
});
