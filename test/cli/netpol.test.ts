import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { objectsOfDocument } from '../../src/inputs/objects.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { NetpolAnalysis } from '../../src/netpol/engine/analysis.js';
import { connectivityMap, peerName } from '../../src/netpol/engine/connectivity-map.js';
import { loadFiles } from '../../src/inputs/load.js';
import { rampart } from '../helpers/cli.js';

const SHOP = 'test/netpol/fixtures/shop';
const json = (stdout: string) => JSON.parse(stdout);

describe('rampart netpol map', () => {
  it('prints { connections: [ { src, dst, ports } ] } focused as asked, and exits 0', () => {
    const r = rampart(['netpol', 'map', SHOP, '--format', 'json', '--focus-workload', 'shop/db', '--focus-direction', 'ingress']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json(r.stdout).connections.map((c: { src: string; dst: string; ports: unknown }) => [c.src, c.dst, c.ports])).toEqual([['shop/api', 'shop/db', ['TCP 5432']]]);
  });

  it('narrows to the connections with a peer of the focused workload, and refuses a peer without a workload (exit 2, one line)', () => {
    const r = rampart(['netpol', 'map', SHOP, '--format', 'csv', '--focus-workload', 'shop/api', '--focus-workload-peer', 'shop/db']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['source,destination,ports', 'shop/api,shop/db,TCP 5432']);

    const alone = rampart(['netpol', 'map', SHOP, '--format', 'csv', '--focus-workload-peer', 'shop/db']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toBe('rampart netpol map: --focus-workload-peer needs --focus-workload\n');
    expect(alone.stdout).toBe('');
  });

  it('refuses --exposure with a focused peer, where netpol-analyzer drops the exposure report with a warning (exit 2, one line)', () => {
    const exposure = rampart(['netpol', 'map', SHOP, '--format', 'json', '--exposure', '--focus-workload', 'shop/api', '--focus-workload-peer', 'shop/db']);
    expect(exposure.code).toBe(2);
    expect(exposure.stderr).toBe('rampart netpol map: --exposure is not relevant with --focus-workload-peer\n');
    expect(exposure.stdout).toBe('');
  });

  it('refuses a direction without a focused workload, which netpol-analyzer ignores with a warning (exit 2, one line)', () => {
    const direction = rampart(['netpol', 'map', SHOP, '--format', 'csv', '--focus-direction', 'ingress']);
    expect(direction.code).toBe(2);
    expect(direction.stderr).toBe('rampart netpol map: --focus-direction needs --focus-workload\n');
    expect(direction.stdout).toBe('');

    // With a workload, the direction narrows its exposure report too.
    const focused = rampart(['netpol', 'map', SHOP, '--format', 'json', '--exposure', '--focus-workload', 'shop/api', '--focus-direction', 'egress']);
    expect(focused.stderr).toBe('');
    expect(focused.code).toBe(0);
    const [api, ...others] = json(focused.stdout).exposure;
    expect(others).toEqual([]);
    expect(api).toMatchObject({ workload: 'shop/api', ingress: { entries: [] } });
    expect(api.egress.entries.length).toBeGreaterThan(0);
  });

  it('reports a policy the API server would refuse with file:line and exits 2, still mapping the rest', () => {
    const r = rampart(['netpol', 'map', SHOP, 'test/cli/fixtures/netpol-invalid.yaml', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: test/cli/fixtures/netpol-invalid.yaml:12:13: NetworkPolicy "shop/broken": spec.ingress[0].from[0].ipBlock.cidr: invalid CIDR "10.0.0.0/33" (expected an address and prefix length, e.g. 10.0.0.0/8 or fd00::/8)');
    expect(r.stdout.split('\n')[0]).toBe('source,destination,ports');
    expect(r.stdout).toContain('shop/api,shop/db,TCP 5432');
  });
});

describe('rampart netpol explain', () => {
  it('answers allowed (exit 0) and denied (exit 1) with the deciding rules, and exit 2 for an unknown workload', () => {
    const allowed = rampart(['netpol', 'explain', 'shop/api', 'shop/db', SHOP, '--port', '5432/TCP', '--format', 'json']);
    expect(allowed.code).toBe(0);
    const a = json(allowed.stdout);
    expect(a).toMatchObject({ allowed: true, src: 'shop/api', dst: 'shop/db', port: 'TCP 5432', egress: { allowed: true }, ingress: { allowed: true } });
    expect(a.ingress.decisions[0].reasons[0]).toMatchObject({ kind: 'rule', policy: { kind: 'NetworkPolicy', namespace: 'shop', name: 'db' }, rule: '#1', file: `${SHOP}/policies.yaml`, line: 59 });

    const denied = rampart(['netpol', 'explain', 'shop/web', 'db', SHOP, '--port', '22']);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain('shop/web => shop/db on TCP 22: DENIED');
    expect(denied.stdout).toContain('NetworkPolicy "shop/db" isolates shop/db for ingress, and none of its ingress rules selects shop/web');

    const unknown = rampart(['netpol', 'explain', 'shop/nope', 'shop/db', SHOP]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('shop/nope: no such workload');
  });
});

describe('rampart netpol explain, named ports', () => {
  // The resolver names port 53 `dns` for UDP only; its policy allows `port: dns`, TCP by default.
  const DNS = 'test/netpol/fixtures/dns-named-port';

  it('denies UDP 53, and says the named port is not declared for the protocol the policy names', () => {
    const r = rampart(['netpol', 'explain', 'infra/client', 'infra/resolver', DNS, '--port', '53/UDP']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('infra/client => infra/resolver on UDP 53: DENIED');
    expect(r.stdout).toContain(`ingress denies  NetworkPolicy "infra/resolver" ingress rule #1 selects infra/client, but not on these ports; named port "dns" (TCP) not declared by the destination  ${DNS}/policies.yaml:10`);

    const j = json(rampart(['netpol', 'explain', 'infra/client', 'infra/resolver', DNS, '--port', '53/UDP', '--format', 'json']).stdout);
    expect(j.allowed).toBe(false);
    // The JSON keeps the names as they were; the text names the protocol.
    expect(j.ingress.decisions[0].reasons).toEqual([
      expect.objectContaining({ kind: 'ports-not-matched', rule: '#1', unmatchedNamedPorts: ['dns'], text: expect.stringContaining('named port "dns" (TCP) not declared by the destination') }),
    ]);
  });
});

describe('rampart netpol diff and exposure', () => {
  it('lists gained connections and, with --exit-code, exits 1 on a change', () => {
    const r = rampart(['netpol', 'diff', SHOP, 'test/netpol/fixtures/shop-v2', '--exit-code', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(json(r.stdout).summary).toEqual({ added: 2, removed: 0, changed: 0 });
  });

  it('reports what the policies leave open as findings, with the scan report formats', () => {
    const r = rampart(['netpol', 'exposure', SHOP, '--format', 'json', '--fail-on', 'medium', '--no-config-file']);
    expect(r.code).toBe(1);
    const rules = json(r.stdout).findings.map((f: { ruleId: string; location: { file: string; line: number } }) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
    expect(rules).toEqual([
      'namespace-without-default-deny test/netpol/fixtures/shop/apps.yaml:10',
      'pod-partially-isolated test/netpol/fixtures/shop/apps.yaml:84',
      'network-policy-open-to-all-namespaces test/netpol/fixtures/shop/policies.yaml:16',
      'network-policy-open-to-internet test/netpol/fixtures/shop/policies.yaml:46',
    ]);
  });
});

describe('rampart netpol generate', () => {
  it('takes the JSON of netpol map as observed flows, external ranges and the ingress controller included', () => {
    const map = rampart(['netpol', 'map', 'examples/', '--format', 'json']);
    expect(map.code).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'rampart-flows-'));
    const file = path.join(dir, 'map.json');
    writeFileSync(file, map.stdout);
    const generated = rampart(['netpol', 'generate', 'examples/shop', '--flows', file]);
    expect(generated.code).toBe(0);
    expect(generated.stderr).toBe('');
    rmSync(dir, { recursive: true, force: true });
  });

  it('derives least-privilege policies that allow exactly the declared connections', () => {
    const app = 'test/corpus/real-world/microservices-demo';
    const r = rampart(['netpol', 'generate', app]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const policies = yaml.loadAll(r.stdout) as Array<{ kind: string; metadata: { name: string } }>;
    expect(policies.every((p) => p.kind === 'NetworkPolicy')).toBe(true);
    expect(policies.map((p) => p.metadata.name)).toContain('default-deny');
    // Applied to the application (in place of any policies it has), they allow what it declares, and nothing else.
    const generated = parseManifests(r.stdout, 'generated.yaml').documents.flatMap((d) => objectsOfDocument(d, 'generated.yaml').objects);
    const manifests = loadFiles([app]).objects.filter((o) => o.kind !== 'NetworkPolicy');
    const lines = connectivityMap(new NetpolAnalysis([...manifests, ...generated]))
      .filter((c) => c.src.kind === 'workload' && c.dst.kind === 'workload')
      .map((c) => `${peerName(c.src)} => ${peerName(c.dst)}: ${c.conns.toString()}`);
    expect(lines).toContain('default/frontend => default/cartservice: TCP 7070');
    expect(lines).toContain('default/cartservice => default/redis-cart: TCP 6379');
    expect(lines).toContain('default/loadgenerator => default/frontend: TCP 8080');
    expect(lines.filter((l) => l.includes('=> default/redis-cart'))).toEqual(['default/cartservice => default/redis-cart: TCP 6379']);
    expect(lines).toHaveLength(16);
  });
});
