import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rampart, rampartAsync } from '../helpers/cli.js';
import { writeKubeconfig } from '../helpers/kubeconfig.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `rampart scan --cluster` against a fake Kubernetes API on loopback. It serves the lists of
 * fixtures-cluster/api.json one item per page (so every list is paged), in all namespaces or in
 * one, refuses ClusterRoles (403), does not serve HorizontalPodAutoscalers (404), and answers
 * only requests that carry the kubeconfig's token. Add-on kinds (Argo Rollouts, OpenShift,
 * AdminNetworkPolicies) are not served either.
 */
const FIXTURES = JSON.parse(readFileSync(path.join(import.meta.dirname, 'fixtures-cluster/api.json'), 'utf8')) as Record<string, unknown>;

async function fakeApi() {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(`${req.method} ${url.pathname}${url.searchParams.has('fieldSelector') ? `?fieldSelector=${url.searchParams.get('fieldSelector')}` : ''} ${req.headers.accept}`);
    res.setHeader('content-type', 'application/json');
    const status = (code: number, message: string) => {
      res.writeHead(code);
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code }));
    };
    if (req.headers.authorization !== 'Bearer abc') return status(401, 'Unauthorized');
    if (url.pathname.endsWith('/clusterroles')) return status(403, 'clusterroles.rbac.authorization.k8s.io is forbidden: User "ci" cannot list resource "clusterroles"');
    // Not served: a built-in kind (a warning) and add-on kinds (none: they are optional).
    if (/\/autoscaling\/|openshift\.io|argoproj\.io|policy\.networking/.test(url.pathname)) return status(404, 'the server could not find the requested resource');
    const fixed = FIXTURES[url.pathname];
    if (fixed && !Array.isArray(fixed)) return res.end(JSON.stringify(fixed));
    const inNamespace = /^(.*)\/namespaces\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const all = inNamespace ? FIXTURES[`${inNamespace[1]}/${inNamespace[3]}`] : fixed;
    const selected = ((all as { metadata: { namespace?: string }; type?: string }[] | undefined) ?? []).filter((i) => !inNamespace || i.metadata.namespace === inNamespace[2]);
    // Secrets: the type field selector, and the metadata-only form when asked for.
    const type = /^type=(.*)$/.exec(url.searchParams.get('fieldSelector') ?? '')?.[1];
    const typed = type === undefined ? selected : selected.filter((i) => i.type === type);
    const metadataOnly = req.headers.accept?.includes('as=PartialObjectMetadataList') === true;
    const items = metadataOnly ? typed.map((i) => ({ apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: i.metadata })) : typed;
    const at = Number(url.searchParams.get('continue') ?? '0');
    const next = at + 1 < items.length ? String(at + 1) : undefined;
    res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '7', ...(next ? { continue: next } : {}) }, items: items.slice(at, at + 1) }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const dir = tempDir('rampart-cluster-');
  const kubeconfig = writeKubeconfig(dir, port, { context: 'staging', user: 'ci' });
  return { kubeconfig, dir, port, requests, close: () => server.close() };
}

const cleanups: Array<() => unknown> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const RULE = ['--rule', 'privileged-container', '--no-config-file', '--format', 'json'];
const json = (stdout: string) => JSON.parse(stdout);

describe('rampart scan --cluster', () => {
  it('reads every page of the kinds the rules need, read only and no Secret data, and checks them as a dump', async () => {
    const api = await fakeApi();
    cleanups.push(api.close);
    const r = await rampartAsync(['scan', '--cluster', '--kubeconfig', api.kubeconfig, ...RULE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = json(r.stdout);
    // The Pod and ReplicaSet of Deployment "web" are checked through it: one finding, not three; the Pod of
    // Sandbox "agent" (Agent Sandbox), which has the Sandbox's own name, through the Sandbox.
    expect(report.findings.map((f: { object: { kind: string; name: string } }) => `${f.object.kind} ${f.object.name}`)).toEqual(['Pod debug', 'Deployment web', 'Sandbox agent']);
    expect(report.findings[0].location.file).toBe('cluster:staging');
    expect(report.summary).toMatchObject({ files: 0, cluster: 'staging', derived: 3 });
    expect(report.warnings.map((w: { message: string }) => w.message)).toEqual([
      'horizontalpodautoscalers.autoscaling not scanned: not served by this cluster',
      'clusterroles.rbac.authorization.k8s.io not scanned: forbidden (clusterroles.rbac.authorization.k8s.io is forbidden: User "ci" cannot list resource "clusterroles"); rules that relate objects see none of these',
    ]);
    expect(api.requests.every((r) => r.startsWith('GET '))).toBe(true);
    // Of Secrets, only ServiceAccount tokens, and only their metadata.
    expect(api.requests.filter((r) => r.includes('secrets'))).toEqual(['GET /api/v1/secrets?fieldSelector=type=kubernetes.io/service-account-token application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1']);
    expect(api.requests.filter((r) => r.startsWith('GET /apis/apps/v1/deployments '))).toHaveLength(2);
    // Gateway API routes the rules judge, GRPCRoutes at v1 only.
    expect(api.requests.filter((r) => /routes /.test(r) && r.includes('gateway.networking.k8s.io')).map((r) => r.split(' ')[1])).toEqual([
      '/apis/gateway.networking.k8s.io/v1/httproutes',
      '/apis/gateway.networking.k8s.io/v1/grpcroutes',
    ]);
    // OpenShift's and kgateway's kinds the rules judge, listed where served (404 here: no warning).
    expect(api.requests.map((r) => r.split(' ')[1]).filter((p) => /securitycontextconstraints|backendconfigpolicies/.test(p ?? ''))).toEqual([
      '/apis/security.openshift.io/v1/securitycontextconstraints',
      '/apis/gateway.kgateway.dev/v1alpha1/backendconfigpolicies',
    ]);
    expect(api.requests.map((r) => r.split(' ')[1]).filter((p) => /agents\.x-k8s\.io/.test(p ?? ''))).toEqual([
      '/apis/agents.x-k8s.io/v1beta1/sandboxes',
      '/apis/extensions.agents.x-k8s.io/v1beta1/sandboxtemplates',
    ]);
    expect(report.summary.objects).toBe(9);
  });

  it('writes the objects read to --cluster-dump (mode 0600, no managedFields) and points findings at its lines', async () => {
    const api = await fakeApi();
    cleanups.push(api.close);
    const dump = path.join(api.dir, 'staging.json');
    const r = await rampartAsync(['scan', '--cluster', '--kubeconfig', api.kubeconfig, '--cluster-dump', dump, ...RULE]);
    expect(r.code).toBe(1);
    expect(statSync(dump).mode & 0o777).toBe(0o600);
    const text = readFileSync(dump, 'utf8');
    expect(text).not.toContain('managedFields');
    expect(text).not.toMatch(/c2VjcmV0|aHVudGVy|db-password|PartialObjectMetadata/);
    const secret = JSON.parse(text).items.find((i: { kind: string }) => i.kind === 'Secret');
    expect(secret).toEqual({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 'deployer-token', namespace: 'shop', annotations: { 'kubernetes.io/service-account.name': 'deployer' } } });
    const lines = text.split('\n');
    for (const finding of json(r.stdout).findings) {
      expect(finding.location.file).toBe(dump);
      expect(lines[finding.location.line - 1]).toMatch(/^\s+"privileged": true/);
    }
    // The dump scans offline to the same findings.
    const unwritable = await rampartAsync(['scan', '--cluster', '--kubeconfig', api.kubeconfig, '--cluster-dump', path.join(api.dir, 'missing', 'dump.json'), ...RULE]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stdout).toBe('');
    expect(unwritable.stderr.trim()).toBe(`rampart scan: cannot write ${path.join(api.dir, 'missing', 'dump.json')}: no such directory`);
    // Not to standard output: findings point into the dump by its name.
    const dashed = await rampartAsync(['scan', '--cluster', '--kubeconfig', api.kubeconfig, '--cluster-dump', '-', ...RULE]);
    expect(dashed.code).toBe(2);
    expect(dashed.stderr.trim()).toMatch(/^rampart scan: --cluster-dump needs a file name/);
    const offline = rampart(['scan', dump, ...RULE]);
    expect(json(offline.stdout).findings).toEqual(json(r.stdout).findings);
    const table = await rampartAsync(['scan', '--cluster', '--kubeconfig', api.kubeconfig, 'test/cli/fixtures/pod.yaml', '--rule', 'privileged-container', '--no-config-file']);
    expect(table.stdout.trim().split('\n').pop()).toBe('FAIL at --fail-on high: 4 findings (4 critical) in 10 objects from 1 file and cluster staging');
  });

  it('reads one namespace with --namespace, and no cluster-wide kind but that Namespace', async () => {
    const api = await fakeApi();
    cleanups.push(api.close);
    const r = await rampartAsync(['scan', '--cluster', '--kubeconfig', api.kubeconfig, '--namespace', 'shop', ...RULE]);
    expect(r.code).toBe(1);
    expect(json(r.stdout).summary).toMatchObject({ objects: 9, derived: 3 });
    const paths = api.requests.map((r) => r.slice('GET '.length).split(/[ ?]/)[0] ?? '');
    expect(paths.filter((p) => !p.includes('/namespaces/shop/'))).toEqual(['/api/v1/namespaces/shop']);
  });

  it('fails with one line and exit 2 when the cluster cannot be reached or the context does not exist', async () => {
    const api = await fakeApi();
    api.close();
    const down = await rampartAsync(['scan', '--cluster', '--kubeconfig', api.kubeconfig, ...RULE]);
    expect(down.code).toBe(2);
    expect(down.stdout).toBe('');
    expect(down.stderr.trim()).toMatch(new RegExp(`^rampart scan: cluster:staging: cannot reach the cluster at http://127\\.0\\.0\\.1:${api.port}: .*ECONNREFUSED`));
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    const context = await rampartAsync(['scan', '--cluster', '--kubeconfig', api.kubeconfig, '--context', 'prod', ...RULE]);
    expect(context.code).toBe(2);
    expect(context.stderr.trim()).toBe(`rampart scan: ${api.kubeconfig}: cannot load the kubeconfig: no context "prod" in the kubeconfig`);
    const schemeless = path.join(api.dir, 'schemeless');
    writeFileSync(schemeless, readFileSync(api.kubeconfig, 'utf8').replace(/http:\/\/(127\.0\.0\.1:\d+)/, '$1'));
    const server = await rampartAsync(['scan', '--cluster', '--kubeconfig', schemeless, ...RULE]);
    expect(server.code).toBe(2);
    expect(server.stderr.trim()).toBe(`rampart scan: ${schemeless}: cannot load the kubeconfig: the server of cluster "fake" is not an https:// URL: "127.0.0.1:${api.port}"`);
    const broken = path.join(api.dir, 'broken');
    writeFileSync(broken, 'apiVersion: v1\nclusters: [\n');
    const yamlError = await rampartAsync(['scan', '--cluster', '--kubeconfig', broken, ...RULE]);
    expect(yamlError.code).toBe(2);
    expect(yamlError.stderr.trim()).toBe(`rampart scan: ${broken}: cannot load the kubeconfig: unexpected end of the stream within a flow collection (3:1)`);
  });

  it('gives pss check, rbac and netpol commands the same --cluster, with warnings as lines', async () => {
    const api = await fakeApi();
    cleanups.push(api.close);
    const cluster = ['--cluster', '--kubeconfig', api.kubeconfig];
    const pss = await rampartAsync(['pss', 'check', ...cluster, '--level', 'baseline', '--format', 'json']);
    expect(pss.code).toBe(1);
    expect(pss.stderr).toContain('warning: cluster:staging: clusterroles.rbac.authorization.k8s.io not scanned: forbidden');
    expect(JSON.parse(pss.stdout).results.filter((r: { allowed: boolean }) => !r.allowed).map((r: { name: string }) => r.name)).toEqual(['debug', 'web', 'agent']);
    const who = await rampartAsync(['rbac', 'who-can', 'list', 'pods', '-n', 'shop', ...cluster, '--format', 'json']);
    expect(who.code).toBe(0);
    expect(who.stdout).toContain('system:masters');
    const risks = await rampartAsync(['rbac', 'risks', ...cluster, '--format', 'json', '--no-config-file']);
    expect(risks.code).not.toBe(2);
    expect(JSON.parse(risks.stdout).warnings.map((w: { code: string }) => w.code)).toContain('cluster-kind-skipped');
    const map = await rampartAsync(['netpol', 'map', ...cluster, '--format', 'json']);
    expect(map.code).toBe(0);
    expect(map.stdout).toContain('shop/web');
    const none = rampart(['netpol', 'map']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim()).toBe('rampart netpol map: no input; give files, directories or - for stdin, or --cluster (see rampart netpol map --help)');
  });

  it('says so when there is no kubeconfig at all, instead of trying a made-up local server', () => {
    const home = tempDir();
    const r = rampart(['scan', '--cluster'], { env: { HOME: home } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`rampart scan: cannot load the kubeconfig: none found (KUBECONFIG is not set and ${path.join(home, '.kube', 'config')} does not exist); give --kubeconfig FILE`);
  });

  it('refuses the cluster options without --cluster', () => {
    const r = rampart(['scan', 'examples', '--namespace', 'shop']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('rampart scan: --namespace needs --cluster');
  });
});
