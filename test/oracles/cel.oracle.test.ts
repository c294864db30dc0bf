/*
 * Differential test of src/custom-rules/cel/evaluate.ts against cel-go v0.31.0 as kube-linter's
 * cel-expression template uses it (see README.md): hand-written expressions of the kind written in
 * kube-linter checks (and kube-linter's own built-in ones) on fixed and random objects, and
 * expressions generated from a small grammar on random Kubernetes-like objects. Per case both
 * must give the same message, or both an error; a difference must be a known one (KNOWN below).
 *
 *   npx vitest run test/oracles/cel.oracle.test.ts
 *   RAMPART_ORACLE_SEED=random CEL_ORACLE_RUNS=20000 npx vitest run test/oracles/cel.oracle.test.ts
 *   CEL_ORACLE_SHOW=1 npx vitest run test/oracles/cel.oracle.test.ts     # every difference, known ones too
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CelSyntaxError, compileCel, type CelProgram } from '../../src/custom-rules/cel/evaluate.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { type Draw, pick, weighted } from './draw.js';

const ORACLE_DIR = fileURLToPath(new URL('./cel/', import.meta.url));
const HAVE_GO = goAvailable('cel');
const RUNS = Number(process.env.CEL_ORACLE_RUNS ?? 2500);
const SEED = process.env.RAMPART_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.RAMPART_ORACLE_SEED ?? 20261206);
const SHOW = process.env.CEL_ORACLE_SHOW === '1';

let built: { readonly binary: string; remove(): void } | undefined;
beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'cel');
}, 900_000);
afterAll(() => built?.remove());

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Fixed objects: what kube-linter's checks look at, with nulls, odd numbers and Unicode.

const FIXTURES: Json[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web', 'app.kubernetes.io/name': 'web', tier: 'Frontend' },
      annotations: { owner: 'team-a@example.com', note: 'Grüße 😀', 'checks/ignore': 'no' },
      creationTimestamp: '2024-02-29T12:34:56Z',
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web', tier: 'Frontend' } },
        spec: {
          automountServiceAccountToken: true,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 2000 },
          initContainers: [{ name: 'init', image: 'busybox', securityContext: { runAsNonRoot: false } }],
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/shop/web:1.25',
              ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }, { containerPort: 22 }],
              env: [{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'MODE', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.25 } },
              securityContext: { privileged: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            },
            { name: 'sidecar', image: 'docker.io/envoyproxy/envoy:latest', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'] } } },
          ],
          volumes: [
            { name: 'token', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 90000, path: 't' } }, { configMap: { name: 'c' } }] } },
            { name: 'sock', hostPath: { path: '/var/run/docker.sock' } },
            { name: 'tmp', emptyDir: {} },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', labels: {} },
    spec: {
      template: {
        metadata: { labels: { app: 'agent' } },
        spec: {
          automountServiceAccountToken: false,
          hostNetwork: true,
          securityContext: { runAsNonRoot: true },
          initContainers: [{ name: 'i', image: 'busybox@sha256:0123456789abcdef', securityContext: { runAsNonRoot: true } }],
          containers: [{ name: 'c', image: 'busybox@sha256:0123456789abcdef', ports: [] }],
          volumes: [{ name: 'p', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3600 } }] } }],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'odd', namespace: null, labels: null, annotations: {}, creationTimestamp: '2023-12-31T23:59:59.5Z' },
    spec: {
      hostNetwork: true,
      hostPID: null,
      containers: [{ name: 'c', image: 'alpine', securityContext: null, ports: null, args: ['--port=80', 8080, null, true, ['nested'], { k: 'v' }] }],
      nodeSelector: {},
      priority: 1.5,
      terminationGracePeriodSeconds: 30,
      tolerations: [],
      extra: [[1, 2], [3, [4.5, 'x']], []],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ext', namespace: 'shop', labels: { app: 'web' } },
    spec: { type: 'ExternalName', externalName: 'evil.example.com', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }, { port: 443, targetPort: 8443 }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'orphan', namespace: 'shop' },
    spec: { type: 'ClusterIP', selector: { app: 'nothing' }, ports: [{ port: 8080.5, targetPort: 8080 }] },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'aggregated', labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } },
    rules: [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    // The first rule has no apiGroups: a check that reads them fails on it, and exists() goes on.
    metadata: { name: 'partial' },
    rules: [
      { resources: ['pods'], verbs: ['get'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind', 'escalate'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'approver', namespace: 'shop' },
    rules: [
      { apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'], resourceNames: [] },
      { apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['bind'], resourceNames: ['view'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['deletecollection'] },
    ],
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'admins' },
    roleRef: { kind: 'ClusterRole', name: 'cluster-admin', apiGroup: 'rbac.authorization.k8s.io' },
    subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'kube-system' }, { kind: 'Group', name: 'system:authenticated' }],
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop' },
    data: { db_password: 'hunter2', ключ: 'значение', 'emoji😀': '😀', port: '8080', '\uFFFF': 'high', Zeta: 'z' },
    binaryData: { private_key: 'AAAA' },
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'hooks' },
    webhooks: [{ name: 'a.example.com', failurePolicy: 'Ignore' }, { name: 'b.example.com' }],
  },
  {
    apiVersion: 'route.openshift.io/v1',
    kind: 'Route',
    metadata: { name: 'route' },
    spec: { host: 'shop.example.com', tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Allow' } },
  },
  {
    apiVersion: 'example.com/v1',
    kind: 'Numbers',
    metadata: { name: 'numbers', labels: { 'ünïcode': 'välue', '日本': '語' } },
    spec: {
      replicas: 1,
      zero: 0,
      negative: -7,
      half: 0.5,
      frac: 2.75,
      million: 1234567,
      big: 1e21,
      huge: 1.7976931348623157e308,
      tiny: 1.5e-7,
      // 9007199254740993, 9223372036854775807 and 18446744073709551615 as a JSON reader reads them
      safe: 2 ** 53,
      int64max: 2 ** 63,
      uint64max: 2 ** 64,
      port: 443,
      numStr: '42',
      boolStr: 'true',
      list: [1, 1.5, '1', true, null],
      empty: [],
      emptyMap: {},
      nothing: null,
    },
  },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'irsa', namespace: 'shop', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/app-role@x', 'reloader.stakater.com/auto': 'true' } },
  },
  // Wrong-typed structure: a list where a map belongs, a string where a list belongs.
  { kind: 'Broken', metadata: ['a', { name: 'x' }], spec: 'text', rules: { verbs: ['*'] }, data: [1, 'password'] },
  {},
];

// ---------------------------------------------------------------------------------------------
// Hand-written expressions: what people write in kube-linter cel-expression checks, and corners.

const CONTAINERS = 'object.spec.template.spec.containers';
const HAND_WRITTEN: string[] = [
  // numbers: JSON numbers are doubles, literals are ints
  `has(object.spec.replicas) && object.spec.replicas > 1 ? 'replicas > 1' : ''`,
  `object.spec.replicas == 1 ? 'single replica' : ''`,
  `object.spec.replicas != 3 ? 'not three' : ''`,
  `string(object.spec.replicas + 1)`,
  `string(object.spec.replicas + 1.0)`,
  `object.spec.replicas < 2.5 ? 'few' : 'many'`,
  `object.spec.replicas * 2 > 5 ? 'x' : 'y'`,
  `object.spec.replicas * 2.0 >= 6 ? 'x' : 'y'`,
  `-object.spec.replicas < 0 ? 'negative' : ''`,
  `int(object.spec.replicas) + 1 > 3 ? 'big' : ''`,
  `'replicas: ' + string(object.spec.replicas)`,
  `'replicas: ' + string(int(object.spec.replicas))`,
  `object.spec.replicas in [1, 2, 3] ? 'small' : ''`,
  `dyn(object.spec.replicas) == 3 ? 'three' : ''`,
  `type(object.spec.replicas) == double ? 'double' : 'not double'`,
  `type(object.spec.replicas) == int ? 'int' : 'not int'`,
  `string(object.spec.half) + ' ' + string(object.spec.frac) + ' ' + string(object.spec.tiny)`,
  `string(object.spec.big)`,
  `string(object.spec.huge)`,
  `string(object.spec.million)`,
  `string(object.spec.safe)`,
  `string(object.spec.negative)`,
  `int(object.spec.big) > 0 ? 'fits' : ''`,
  `int(object.spec.int64max) > 0 ? 'fits' : ''`,
  `string(uint(object.spec.uint64max))`,
  `string(uint(object.spec.port))`,
  `string(int(object.spec.frac)) + string(int(-object.spec.frac))`,
  `int(object.spec.numStr) > 40 ? 'answer' : ''`,
  `double(object.spec.numStr) == 42.0 ? 'answer' : ''`,
  `string(double('1e6'))`,
  `string(double(''))`,
  `string(double(' 1 '))`,
  `string(double('0x10'))`,
  `string(double('1_000'))`,
  `string(double('inf'))`,
  `string(double('1e400'))`,
  `string(double(object.metadata.name))`,
  `string(int('0x10')) + string(int(' 1'))`,
  `string(uint('+1'))`,
  `string(double('0x1.8p1')) + ' ' + string(double('1e-400')) + ' ' + string(double('-Infinity'))`,
  `string(int('9223372036854775808'))`,
  `bool('T') && !bool('F') ? 'Go booleans' : ''`,
  `int(object.spec['numStr']) > 40 ? 'answer' : ''`,
  `string(object.spec['replicas'])`,
  `string(--9223372036854775808)`,
  `string(- 9223372036854775808) + ' ' + string(-(-9223372036854775807))`,
  `false && 9223372036854775808 > 0 ? 'x' : ''`,
  `false && 18446744073709551616u > 0u ? 'x' : ''`,
  `false && 1e999 > 0.0 ? 'x' : ''`,
  `string(0.00001) + ' ' + string(100000.0) + ' ' + string(123456789.125)`,
  `-9223372036854775808 % -1 == 0 ? 'x' : 'y'`,
  `dyn(9007199254740993) == 9007199254740992.0 ? 'equal' : 'not equal'`,
  `object.spec.safe == 9007199254740993 ? 'equal' : 'not equal'`,
  `object.spec.safe != 9007199254740993 ? 'not equal' : 'equal'`,
  `9007199254740993 in [object.spec.safe] ? 'in' : 'not in'`,
  `dyn(9223372036854775807) == object.spec.int64max ? 'equal' : 'not equal'`,
  `string(0.1 + 0.2)`,
  `string(1.0 / 0.0) + string(-1.0 / 0.0)`,
  `string(-0.0)`,
  `string(7 % 3) + string(-7 % 3) + string(-7 / 2)`,
  `string(7.5 % 2.0)`,
  `1 / 0 == 0 ? 'x' : 'y'`,
  `9223372036854775807 + 1 > 0 ? 'x' : 'y'`,
  `string(-9223372036854775808)`,
  `string(18446744073709551615u)`,
  `1 == 1.0 ? 'eq' : 'ne'`,
  `dyn(1) == 1.0 ? 'eq' : 'ne'`,
  `size(object.spec.emptyMap) == 0u ? 'empty' : ''`,
  `object.spec.port == 443u ? 'https' : ''`,
  // has(), null and missing keys
  `has(object.metadata.labels) && 'app' in object.metadata.labels ? '' : 'no app label'`,
  `'owner' in object.metadata.annotations ? object.metadata.annotations.owner : 'no owner'`,
  `has(object.metadata.namespace) ? 'namespaced: ' + object.metadata.namespace : 'cluster-scoped'`,
  `object.metadata.namespace == null ? 'null namespace' : 'namespace set'`,
  `has(object.metadata.labels) ? (object.metadata.labels == null ? 'labels null' : 'labels set') : 'no labels'`,
  `has(object.spec.hostPID) ? 'hostPID present' : ''`,
  `has(object.spec.nothing) && object.spec.nothing == null ? 'null value' : ''`,
  `has({'a': null}.a) && 'a' in {'a': null} && {'a': null} == {'a': null} ? 'null-valued key of a literal' : ''`,
  `1 in {1: null} && dyn(1.0) in dyn({1: null}) && 1u in {1u: null} && true in {true: null} ? 'null-valued keys' : 'missing'`,
  `type(object.spec.nothing) == null_type ? 'null' : ''`,
  `!has(object.status) ? 'no status' : ''`,
  `has(object.metadata.labels['app']) ? 'app' : ''`,
  `has(object) ? 'x' : ''`,
  `object.nosuch`,
  `object.metadata.name + '/' + object.metadata.namespace`,
  `object.?metadata.?name.orValue('none')`,
  `has(object.metadata.name) ? 'named' : 'unnamed'`,
  `has(object.spec.replicas) ? 'replicas' : ''`,
  `has(object.rules.verbs) ? 'verbs' : ''`,
  `false && has(object.metadata.labels['app']) ? 'x' : ''`,
  `false && object.metadata.name.lowerAscii() == 'web' ? 'x' : ''`,
  `false && object.metadata.name.contains() ? 'x' : ''`,
  `false && contains(object.metadata.name, 'w') ? 'x' : ''`,
  `false && nosuch.field == 'web' ? 'x' : ''`,
  `false && object.spec.list.existsOne(x, x == 1) ? 'x' : ''`,
  `false && has(object.metadata, 'name') ? 'x' : ''`,
  `matches(object.metadata.name, '^w') ? 'global matches' : ''`,
  `type(object.metadata) == google.protobuf.Timestamp ? 'x' : 'not a timestamp'`,
  // error absorption by && and || and by the macros
  `(object.missing || true) ? 'absorbed' : ''`,
  `(object.missing && false) ? 'x' : 'absorbed'`,
  `false && object.missing ? 'x' : 'y'`,
  `object.missing ? 'x' : 'y'`,
  `object.missing.exists(x, true) || true ? 'absorbed' : ''`,
  // macros over containers, volumes, rules, subjects
  `${CONTAINERS}.exists(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged) ? 'privileged container' : ''`,
  `${CONTAINERS}.all(c, c.image.contains(':') && !c.image.endsWith(':latest')) ? '' : 'unpinned image'`,
  `${CONTAINERS}.exists_one(c, c.name == 'app') ? 'one app' : 'not exactly one'`,
  `${CONTAINERS}.map(c, c.name).exists(n, n.startsWith('side')) ? 'has sidecar' : ''`,
  `size(${CONTAINERS}.filter(c, has(c.ports))) > 0 ? 'exposes ports' : ''`,
  `${CONTAINERS}.exists(c, has(c.ports) && c.ports.exists(p, p.containerPort == 22)) ? 'ssh port' : ''`,
  `${CONTAINERS}.exists(c, c.image.matches('(?i)^REGISTRY\\\\.example\\\\.com/')) ? 'internal registry' : ''`,
  `${CONTAINERS}.all(c, c.image.matches(r'@sha256:[0-9a-f]+$')) ? '' : 'not pinned by digest'`,
  `${CONTAINERS}.exists(c, has(c.env) && c.env.exists(e, e.name.matches('(?i)password|secret|token') && has(e.value))) ? 'secret in env' : ''`,
  `${CONTAINERS}.exists(c, c.name == 'app' && c.resources.limits.cpu == '500m') ? 'cpu limit' : ''`,
  `${CONTAINERS}.all(c, has(c.resources.requests.cpu)) ? '' : 'no cpu request'`,
  `${CONTAINERS}.exists(c, has(c.securityContext.capabilities.add) && 'SYS_ADMIN' in c.securityContext.capabilities.add) ? 'SYS_ADMIN' : ''`,
  `${CONTAINERS}[0].name + ':' + ${CONTAINERS}[1].name`,
  `${CONTAINERS}[5].name`,
  `${CONTAINERS}[-1].name`,
  `${CONTAINERS}[0.0].name`,
  `${CONTAINERS}[1.5].name == 'app' || true ? 'absorbed' : ''`,
  `dyn([1, 2])[1.5] == 1 || true ? 'absorbed' : ''`,
  `object.spec.list[4] == null && object.spec.list[-1] == null || true ? 'x' : ''`,
  `object.spec.template.spec.volumes.exists(v, has(v.hostPath) && v.hostPath.path.endsWith('.sock')) ? 'socket mount' : ''`,
  `object.spec.containers.exists(c, c.args.exists(a, a == 8080)) ? 'port arg' : ''`,
  `object.spec.extra.exists(l, l.exists(x, x == 4.5)) ? 'found' : 'not found'`,
  `object.spec.extra.exists(l, [4.5, 'x'] in l) ? 'nested' : ''`,
  `object.spec.list.exists(x, x == 1) ? 'has one' : ''`,
  `object.spec.list.all(x, x != null) ? '' : 'has null'`,
  `1.5 in object.spec.list ? 'y' : 'n'`,
  `'1' in object.spec.list ? 'y' : 'n'`,
  `null in object.spec.list ? 'y' : 'n'`,
  `null in object.metadata.labels ? 'y' : 'n'`,
  `b'app' in object.metadata.labels ? 'y' : 'n'`,
  `['app'] in object.metadata.labels ? 'y' : 'n'`,
  `'app' in object.metadata.labels ? 'y' : 'n'`,
  `1 in object.metadata.labels ? 'y' : 'n'`,
  `object.spec.list[4] == null ? 'null last' : ''`,
  `string(object.spec.list[0u]) + string(object.spec.list[1.0]) + string(object.spec.list[3u])`,
  `object.spec.emptyMap == {} && object.spec.empty == [] ? 'empty' : ''`,
  `object.rules.exists(r, r.verbs.exists(v, v == '*')) ? 'wildcard verb' : ''`,
  `object.rules.all(r, has(r.resourceNames) && size(r.resourceNames) > 0) ? '' : 'unrestricted rule'`,
  `object.subjects.exists(s, s.kind == 'Group' && s.name.startsWith('system:')) ? 'system group' : ''`,
  `object.roleRef.name == 'cluster-admin' ? 'cluster-admin binding' : ''`,
  `object.metadata.labels.all(k, object.metadata.labels[k].size() < 64) ? '' : 'long label'`,
  `object.metadata.labels.exists(k, k.endsWith('/name')) ? 'recommended label' : ''`,
  `object.data.exists(k, k < 'emoji') ? 'sorted before' : 'none before'`,
  `object.data.exists(k, k > 'zzz') ? 'non-ASCII key' : ''`,
  `object.data.filter(k, k.contains('password')).size() > 0 ? 'password key' : ''`,
  `object.spec.ports.exists(p, type(p.targetPort) == string) ? 'named target port' : ''`,
  `object.spec.ports.all(p, p.port >= 1 && p.port <= 65535) ? '' : 'bad port'`,
  `object.spec.ports.exists(p, int(p.port) == 8080) ? 'truncated port' : ''`,
  // objects
  `objects.exists(o, o.kind == 'Service' && has(o.spec.selector) && o.spec.selector.all(k, k in object.spec.template.metadata.labels && object.spec.template.metadata.labels[k] == o.spec.selector[k])) ? '' : 'no service'`,
  `objects.filter(o, has(o.kind) && o.kind == object.kind).size() > 1 ? 'several of this kind' : ''`,
  `size(objects) > 5 ? string(size(objects)) + ' objects' : ''`,
  `objects.map(o, o.metadata.name).exists(n, n == 'web') ? 'web present' : ''`,
  `objects.exists(o, has(o.metadata) && o.metadata.name == object.metadata.name && o.kind != object.kind) ? 'name reused' : ''`,
  // kube-linter's own end-to-end tests of the template (e2etests/testdata/cel-config.yaml), with object for subject
  `has(object.metadata.annotations) && object.metadata.annotations["reloader.stakater.com/auto"] == "true" ? "Object has reloader annotation" : ""`,
  `object.metadata.annotations["eks.amazonaws.com/role-arn"].matches("^arn:aws:iam::\\\\d{12}:role/[\\\\w+=,.@-]{1,64}$") ? "" : "Invalid EKS IAM role ARN format"`,
  // strings, Unicode, regular expressions
  `object.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$') ? '' : 'bad name'`,
  `object.metadata.annotations.exists(k, k.matches(r'\\d')) ? 'digit in key' : ''`,
  `'abc123'.matches('\\\\d{3}$') ? 'digits' : ''`,
  `object.metadata.annotations.note.matches('^Grüße .$') ? 'one code point' : 'not one'`,
  `'😀😀'.matches('^.{2}$') ? 'two' : 'not two'`,
  `'\\u212A'.matches('(?i)k') ? 'kelvin folds' : 'no fold'`,
  `'\u{10D50}'.matches('^\\\\p{L}$') ? 'Garay letter' : 'not a letter'`,
  `'STRASSE'.matches('(?i)straße') ? 'folds' : 'no fold'`,
  `'a.b'.matches('[') ? 'x' : 'y'`,
  `'abc'.matches('a(?=b)') ? 'x' : 'y'`,
  `size('😀é') == 2 ? 'code points' : string(size('😀é'))`,
  `'e\\u0301' == '\\u00e9' ? 'same' : 'different'`,
  `'\\uFFFF' < '😀' ? 'code point order' : 'UTF-16 order'`,
  `'😀' > '\\uFFFF' && '😀' >= '\\uE000' && '\\uFFFF' <= '😀' ? 'code point order' : 'UTF-16 order'`,
  `object.data.all(k, k < '😀') ? 'all before' : 'not all before'`,
  `'Zeta' < 'alpha' ? 'byte order' : ''`,
  `object.metadata.annotations.note.contains('😀') ? 'emoji' : ''`,
  `object.metadata.name.startsWith('') ? 'empty prefix' : ''`,
  `string(b'abc') + string(size(b'\\xff'))`,
  `string(b'\\xff')`,
  `string(bytes('é')) == 'é' ? 'round trip' : ''`,
  `'ABC'.lowerAscii()`,
  `'a,b'.split(',').size() == 2 ? 'x' : ''`,
  `math.greatest(1, 2) == 2 ? 'x' : ''`,
  `cel.bind(x, 1, x + 1) == 2 ? 'x' : ''`,
  // timestamps and durations
  `timestamp(object.metadata.creationTimestamp) < timestamp('2024-01-01T00:00:00Z') ? 'old' : 'new'`,
  `string(timestamp(object.metadata.creationTimestamp))`,
  `string(timestamp('2024-02-29T12:34:56Z') + duration('24h'))`,
  `string(timestamp('2024-02-29T12:34:56+01:00'))`,
  `string(timestamp('2024-02-29T12:34:56.123456789Z'))`,
  `string(timestamp('2024-02-29T12:34:56Z') - timestamp('2024-02-28T00:00:00.25Z'))`,
  `string(duration('1h30m')) + ' ' + string(duration('1.5s'))`,
  `timestamp('2024-02-29T12:34:56Z').getFullYear() == 2024 ? 'leap' : ''`,
  `string(timestamp(1)) + ' ' + string(timestamp(253402300799))`,
  `string(timestamp(253402300800))`,
  `string(timestamp('2023-02-29T00:00:00Z'))`,
  `string(timestamp('2024-02-29T24:00:00Z'))`,
  `string(timestamp('2024-02-29t12:34:56z'))`,
  `string(timestamp('2024-02-29T12:34:56.1234567891Z'))`,
  `string(int(duration('1.5s'))) + ' ' + string(duration('1.5s').getMilliseconds()) + ' ' + string(duration('-90s').getMinutes())`,
  `string(duration('')) + string(duration('-'))`,
  `string(duration('1μs')) + ' ' + string(duration('-0.5ms'))`,
  `string(duration(dyn(1)))`,
  // conversions, literals, types
  `string(true) + string(null == null)`,
  `bool(object.spec.boolStr) ? 'yes' : 'no'`,
  `bool('yes') ? 'x' : 'y'`,
  `string({'a': 1, 'a': 2}['a'])`,
  `{'x': object.kind}.x == 'Deployment' ? 'deployment' : ''`,
  `string({'a': 1}.b)`,
  `[1, 2, 3].map(x, x * 2).filter(x, x > 2) == [4, 6] ? 'ok' : 'no'`,
  `[1, 'a', true].size() == 3 ? 'mixed' : ''`,
  `[[1, 2], [3]].exists(l, 3 in l) ? 'nested' : ''`,
  `type(object.metadata.labels) == map ? 'map' : ''`,
  `'a' == 1 ? 'x' : ''`,
  `object.spec.replicas == '3' ? 'string three' : 'not'`,
  `size(object.metadata.name) == 'web' ? 'x' : 'y'`,
  `true ? 'a' : 1`,
  // results that are not strings
  `type(object.spec.replicas)`,
  `type(object.metadata.labels)`,
  `type(null)`,
  `object.spec.replicas`,
  `object.metadata.labels`,
  `${CONTAINERS}.map(c, c.name)`,
  `has(object.spec)`,
  `null`,
  `b'bytes'`,
  `object.metadata.name`,
  `''`,
  // syntax errors
  `1 +`,
  `object.spec.replicas >`,
  `'unterminated`,
  `object..spec`,
  `object.spec.containers.exists(c)`,
  `in`,
];

/** kube-linter's built-in checks written with the cel-expression template (pkg/builtinchecks/yamls). */
const KUBE_LINTER_BUILTINS: Record<string, string> = {
  'aggregate-to-admin-escalation': `has(object.metadata.labels) &&
(
  (has(object.metadata.labels['rbac.authorization.k8s.io/aggregate-to-admin']) &&
   object.metadata.labels['rbac.authorization.k8s.io/aggregate-to-admin'] == 'true') ||
  (has(object.metadata.labels['rbac.authorization.k8s.io/aggregate-to-edit']) &&
   object.metadata.labels['rbac.authorization.k8s.io/aggregate-to-edit'] == 'true') ||
  (has(object.metadata.labels['rbac.authorization.k8s.io/aggregate-to-view']) &&
   object.metadata.labels['rbac.authorization.k8s.io/aggregate-to-view'] == 'true')
) &&
object.rules.exists(r,
  r.apiGroups.exists(g, g == '' || g == 'rbac.authorization.k8s.io' || g == '*') &&
  r.verbs.exists(v, v == '*' || v == 'create' || v == 'delete' || v == 'patch') &&
  r.resources.exists(res, res == '*' || res == 'secrets' || res == 'roles' ||
    res == 'clusterroles' || res == 'clusterrolebindings')
) ? 'aggregate-labeled ClusterRole grants escalation verbs on privileged resources — inherited by every namespace admin/editor' : ''
`,
  'approve-signers-without-resource-names': `object.rules.exists(r,
  r.resources.exists(res, res == 'signers' || res == '*') &&
  r.verbs.exists(v, v == 'approve' || v == '*') &&
  (!has(r.resourceNames) || r.resourceNames.size() == 0)
) ? 'approve verb on signers without resourceNames restriction' : ''
`,
  'automount-service-account-token': `(!has(object.spec.template.spec.automountServiceAccountToken) ||
 object.spec.template.spec.automountServiceAccountToken == true)
? 'service account token is auto-mounted — set automountServiceAccountToken: false if not needed' : ''
`,
  'bind-verb-in-role': `object.rules.exists(r,
  r.apiGroups.exists(g, g == 'rbac.authorization.k8s.io' || g == '*') &&
  r.resources.exists(res, res == 'roles' || res == 'clusterroles' || res == '*') &&
  r.verbs.exists(v, v == 'bind' || v == '*')
) ? 'bind verb on RBAC resources allows privilege escalation via arbitrary bindings' : ''
`,
  'configmap-with-credentials': `object.kind == 'ConfigMap' &&
(
  (has(object.data) &&
   object.data.exists(k,
     k.contains('password') || k.contains('secret') || k.contains('token') ||
     k.contains('api_key') || k.contains('apikey') || k.contains('private_key') ||
     k.contains('credential')
   )) ||
  (has(object.binaryData) &&
   object.binaryData.exists(k,
     k.contains('password') || k.contains('secret') || k.contains('token') ||
     k.contains('api_key') || k.contains('apikey') || k.contains('private_key') ||
     k.contains('credential')
   ))
) ? 'ConfigMap contains credential-like keys — use Secrets instead' : ''
`,
  'deletecollection-verb-in-role': `object.rules.exists(r,
  r.verbs.exists(v, v == 'deletecollection') &&
  r.resources.exists(res, res == '*' || res == 'secrets' || res == 'pods' ||
    res == 'deployments' || res == 'configmaps' || res == 'namespaces')
) ? 'deletecollection verb allows bulk resource destruction in a single API call' : ''
`,
  'escalate-verb-in-role': `object.rules.exists(r,
  r.resources.exists(res, res == 'roles' || res == 'clusterroles' || res == '*') &&
  r.verbs.exists(v, v == 'escalate' || v == '*')
) ? 'escalate verb on roles/clusterroles allows privilege escalation' : ''
`,
  'externalname-service-redirect': `object.spec.type == 'ExternalName' &&
has(object.spec.externalName)
? 'ExternalName service redirects cluster traffic to external DNS — potential SSRF vector' : ''
`,
  'impersonate-without-resource-names': `object.rules.exists(r,
  r.verbs.exists(v, v == 'impersonate' || v == '*') &&
  (!has(r.resourceNames) || r.resourceNames.size() == 0)
) ? 'impersonate verb granted without resourceNames restriction — allows system:masters impersonation' : ''
`,
  'init-container-security-gap': `has(object.spec.template.spec.securityContext) &&
has(object.spec.template.spec.securityContext.runAsNonRoot) &&
object.spec.template.spec.securityContext.runAsNonRoot == true &&
has(object.spec.template.spec.initContainers) &&
object.spec.template.spec.initContainers.exists(c,
  !has(c.securityContext) ||
  !has(c.securityContext.runAsNonRoot) ||
  c.securityContext.runAsNonRoot != true
) ? 'init container may run as root despite pod-level runAsNonRoot — apply securityContext to init containers' : ''
`,
  'insecure-route-termination': `object.kind == 'Route' &&
has(object.spec.tls) &&
has(object.spec.tls.insecureEdgeTerminationPolicy) &&
object.spec.tls.insecureEdgeTerminationPolicy == 'Allow'
? 'Route allows plaintext HTTP — credential-bearing endpoints should use Redirect or None' : ''
`,
  'projected-token-long-expiration': `has(object.spec.template.spec.volumes) &&
object.spec.template.spec.volumes.exists(v,
  has(v.projected) &&
  v.projected.sources.exists(s,
    has(s.serviceAccountToken) &&
    has(s.serviceAccountToken.expirationSeconds) &&
    s.serviceAccountToken.expirationSeconds > 86400
  )
) ? 'projected SA token with expirationSeconds > 24h — stolen tokens persist' : ''
`,
  'webhook-failure-policy-ignore': `(object.kind == 'ValidatingWebhookConfiguration' ||
 object.kind == 'MutatingWebhookConfiguration') &&
object.webhooks.exists(w,
  has(w.failurePolicy) && w.failurePolicy == 'Ignore'
) ? 'admission webhook with failurePolicy: Ignore fails open — bypass via webhook DoS' : ''
`,
  'wildcard-resource-verb-combo': `object.rules.exists(r,
  r.apiGroups.exists(g, g == '*' || g == '') &&
  r.resources.exists(res, res == '*') &&
  r.verbs.exists(v, v == '*')
) ? 'rule grants wildcard verbs on wildcard resources — functionally cluster-admin' : ''
`,
};

// ---------------------------------------------------------------------------------------------
// Random Kubernetes-like objects.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const WORDS = [
  'app', 'web', 'nginx', 'nginx:latest', 'nginx:1.25', 'registry.example.com/app:v1', 'busybox@sha256:0123abcd', '', 'true', 'false', '10', '1.5', '-3',
  'kube-system', 'default', 'secrets', 'pods', '*', 'get', 'create', 'bind', 'escalate', 'impersonate', 'approve', 'signers', 'roles', 'clusterroles',
  'rbac.authorization.k8s.io', 'Ignore', 'Fail', 'ExternalName', 'ClusterIP', 'Allow', 'Redirect', 'Service', 'Deployment', 'ClusterRole', 'Pod', 'ConfigMap',
  'é', 'É', 'e\u0301', 'ß', 'SS', 'İ', 'ı', 'K', '\u212A', '😀', '\uFFFF', '\uE000', 'a😀b', '日本語', 'x\u0000y', 'line\nbreak', 'tab\t', ' space ', 'MiXeD',
  'abc123', '123abc', '/var/run/docker.sock', 'db_password', 'api_key', 'Zeta', 'alpha', '2024-02-29T12:34:56Z', '1h30m', '__proto__', 'a.b', '(?i)x',
];
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }).filter((s) => !LONE_SURROGATE.test(s)) },
);
const NUMBERS = [0, 1, 2, 3, -1, 0.5, 1.5, -2.5, 22, 80, 443, 8080, 65536, 86400, 90000, 1234567, 1e6, 1e20, 1e21, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 1e300, 1.5e-7, 1e-5, 0.1, 123456789.125, -0];
const number: fc.Arbitrary<number> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: fc.integer({ min: -100, max: 70000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);
const scalar: fc.Arbitrary<unknown> = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const anyJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3, depthIdentifier: 'json' },
    { weight: 4, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 3, depthIdentifier: 'json' }) },
    { weight: 1, arbitrary: fc.dictionary(text, tie('value'), { maxKeys: 3, depthIdentifier: 'json' }) },
  ),
})).value;
/** Mostly the value a field should hold; sometimes null or anything else. */
const field = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 8, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: anyJson });
/** Mostly every field, sometimes any of them left out. */
const optional = <T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) =>
  fc.oneof({ weight: 3, arbitrary: fc.record(fields) }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) });
const strings = fc.array(text, { maxLength: 3 });
const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'rbac.authorization.k8s.io/aggregate-to-admin', 'owner', 'ünïcode', '😀', 'Zeta'), text, { maxKeys: 3 });
const container = optional({
  name: field(fc.constantFrom('app', 'sidecar', 'init', 'c')),
  image: field(text),
  ports: field(fc.array(optional({ containerPort: field(number), name: field(text), protocol: field(fc.constantFrom('TCP', 'UDP')) }), { maxLength: 2 })),
  securityContext: field(optional({ privileged: field(fc.boolean()), runAsNonRoot: field(fc.boolean()), runAsUser: field(number), capabilities: optional({ add: field(strings), drop: field(strings) }) })),
  env: field(fc.array(optional({ name: field(text), value: field(text) }), { maxLength: 2 })),
  resources: field(optional({ limits: fc.dictionary(fc.constantFrom('cpu', 'memory'), fc.oneof(text, number)), requests: fc.dictionary(fc.constantFrom('cpu', 'memory'), fc.oneof(text, number)) })),
  args: field(fc.array(scalar, { maxLength: 3 })),
});
const podSpec = optional({
  containers: field(fc.array(container, { maxLength: 3 })),
  initContainers: field(fc.array(container, { maxLength: 2 })),
  volumes: field(fc.array(optional({ name: field(text), hostPath: field(optional({ path: field(text) })), projected: field(optional({ sources: field(fc.array(optional({ serviceAccountToken: field(optional({ expirationSeconds: field(number) })) }), { maxLength: 2 })) })) }), { maxLength: 2 })),
  securityContext: field(optional({ runAsNonRoot: field(fc.boolean()), runAsUser: field(number) })),
  hostNetwork: field(fc.boolean()),
  automountServiceAccountToken: field(fc.boolean()),
  nodeSelector: field(labels),
});
const rule = optional({ apiGroups: field(strings), resources: field(strings), verbs: field(strings), resourceNames: field(strings) });
const kubeObject: fc.Arbitrary<Json> = optional(
  {
    apiVersion: field(fc.constantFrom('v1', 'apps/v1', 'rbac.authorization.k8s.io/v1')),
    kind: field(fc.constantFrom('Deployment', 'Pod', 'Service', 'ConfigMap', 'ClusterRole', 'Role', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'Route')),
    metadata: field(optional({ name: field(text), namespace: field(text), labels: field(labels), annotations: field(labels), creationTimestamp: field(fc.constantFrom('2024-02-29T12:34:56Z', '2023-12-31T23:59:59.5Z', 'yesterday')) })),
    spec: field(
      optional({
        replicas: field(number),
        template: field(optional({ metadata: optional({ labels: field(labels) }), spec: field(podSpec) })),
        containers: field(fc.array(container, { maxLength: 2 })),
        type: field(fc.constantFrom('ExternalName', 'ClusterIP', 'LoadBalancer')),
        externalName: field(text),
        selector: field(labels),
        ports: field(fc.array(optional({ port: field(number), targetPort: field(fc.oneof(number, text)) }), { maxLength: 2 })),
        priority: field(number),
        text: field(text),
        list: field(fc.array(scalar, { maxLength: 4 })),
        nested: field(fc.array(fc.array(scalar, { maxLength: 2 }), { maxLength: 2 })),
        extra: anyJson,
      }),
    ),
    rules: field(fc.array(rule, { maxLength: 3 })),
    subjects: field(fc.array(optional({ kind: field(fc.constantFrom('User', 'Group', 'ServiceAccount')), name: field(text) }), { maxLength: 2 })),
    roleRef: field(optional({ name: field(text), kind: field(text) })),
    data: field(fc.dictionary(text, text, { maxKeys: 3 })),
    webhooks: field(fc.array(optional({ name: field(text), failurePolicy: field(fc.constantFrom('Ignore', 'Fail')) }), { maxLength: 2 })),
  },
) as fc.Arbitrary<Json>;

// ---------------------------------------------------------------------------------------------
// Generated expressions: a small grammar over paths that exist or not in the objects, literals of
// each CEL type, operators, conversions and macros. cel-go iterates a Go map in random order, so
// the lists that map() and filter() build are only counted, searched or ranged over, never indexed
// or compared (a random field may hold a map), and only macros that do not depend on the order
// (exists, all, exists_one) range over maps.


const SCALAR_PATHS = [
  'object.spec.replicas', 'object.metadata.name', 'object.metadata.namespace', 'object.kind', 'object.apiVersion', 'object.metadata.labels.app',
  "object.metadata.labels['app.kubernetes.io/name']", 'object.metadata.annotations.owner', 'object.metadata.creationTimestamp', 'object.spec.priority',
  'object.spec.text', 'object.spec.type', 'object.spec.externalName', 'object.spec.template.spec.hostNetwork', 'object.spec.template.spec.automountServiceAccountToken',
  'object.spec.template.spec.containers[0].image', 'object.spec.template.spec.containers[0].name', 'object.spec.template.spec.securityContext.runAsUser',
  'object.spec.ports[0].port', 'object.spec.ports[0].targetPort', 'object.roleRef.name', 'object.missing', 'object.spec.extra', 'object.spec.list[0]',
];
const LIST_PATHS = [
  'object.spec.template.spec.containers', 'object.spec.template.spec.initContainers', 'object.spec.template.spec.volumes', 'object.spec.containers', 'object.rules',
  'object.subjects', 'object.webhooks', 'object.spec.ports', 'object.spec.list', 'object.spec.nested', 'objects', 'object.spec.extra', 'object.metadata.finalizers',
];
const MAP_PATHS = ['object.metadata.labels', 'object.metadata.annotations', 'object.data', 'object.spec.selector', 'object', 'object.spec', 'object.spec.template.spec.nodeSelector', 'object.roleRef'];
const GUARDED_PATHS = SCALAR_PATHS.filter((p) => !p.includes('['));
const ELEMENT_FIELDS = ['name', 'image', 'kind', 'verbs', 'resources', 'apiGroups', 'resourceNames', 'ports', 'securityContext', 'value', 'port', 'containerPort', 'targetPort', 'failurePolicy', 'metadata', 'spec', 'args'];
const STRING_LITERALS = [`'app'`, `''`, `'web'`, `'*'`, `'Deployment'`, `'nginx:latest'`, `'é'`, `'😀'`, `'\\uFFFF'`, `'Zeta'`, `"true"`, `'1'`, `'1.5'`, `r'\\d'`, `'a\\nb'`, `'2024-02-29T12:34:56Z'`];
const PATTERNS = [`'^a'`, `'(?i)^APP$'`, `r'\\d+'`, `'^.$'`, `'[[:alpha:]]'`, `'\\\\.'`, `'^\\\\p{L}+$'`, `'(a|b)*c'`, `'['`, `'x{2,}'`, `'(?i)é'`, `'^$'`, `'😀'`];
const NUMBER_LITERALS = ['0', '1', '2', '3', '-1', '22', '443', '86400', '9223372036854775807', '-9223372036854775808', '1u', '0u', '18446744073709551615u', '1.0', '0.5', '2.5', '-0.0', '1e6', '1e21', '1.5e-7', '1e300', '0.1'];

function literal(g: Draw): string {
  return weighted(g, [
    [4, () => pick(g, NUMBER_LITERALS)],
    [4, () => pick(g, STRING_LITERALS)],
    [1, () => pick(g, ['true', 'false'])],
    [1, () => 'null'],
    [1, () => pick(g, [`b'ab'`, `b'\\xff'`, `b''`])],
    [1, () => pick(g, ['[]', '[1, 2]', `['app', 'web']`, '[1.0, 2.5]', `[1, 'a', null]`, '[[1], []]'])],
    [1, () => pick(g, ['{}', `{'app': 'web'}`, `{'a': 1, 'b': 2.5}`, '{1: 2}', `{'a': null}`])],
  ]);
}

function variable(g: Draw, vars: readonly string[]): string {
  const v = pick(g, vars);
  return weighted(g, [
    [3, () => v],
    [4, () => `${v}.${pick(g, ELEMENT_FIELDS)}`],
    [1, () => `${v}.${pick(g, ELEMENT_FIELDS)}.${pick(g, ELEMENT_FIELDS)}`],
    [1, () => `${v}[0]`],
  ]);
}

function listValue(g: Draw, depth: number, vars: readonly string[]): string {
  return weighted(g, [
    [6, () => pick(g, LIST_PATHS)],
    [vars.length > 0 ? 3 : 0, () => variable(g, vars)],
    [2, () => pick(g, ['[]', '[1, 2, 3]', `['app', 'web']`, '[1.0, 2.5]', `[1, 'a', null, true]`, '[[1, 2], [3]]'])],
    [depth > 0 ? 2 : 0, () => { const [v, r] = [fresh(vars), rangeOver(g, depth, vars, false)]; return `${r}.map(${v}, ${value(g, depth - 1, [...vars, v])})`; }],
    [depth > 0 ? 2 : 0, () => { const [v, r] = [fresh(vars), rangeOver(g, depth, vars, false)]; return `${r}.filter(${v}, ${bool(g, depth - 1, [...vars, v])})`; }],
    [depth > 0 ? 1 : 0, () => `[${value(g, depth - 1, vars)}, ${value(g, depth - 1, vars)}]`],
  ]);
}

function fresh(vars: readonly string[]): string {
  return ['x', 'y', 'z', 'w', 'u'].find((v) => !vars.includes(v)) ?? `v${vars.length}`;
}

/**
 * What a macro ranges over: a list, or (where the order cannot show) a map's keys. Mostly wrapped
 * in dyn(): cel-go does not compile a macro over a top-level field of `object` otherwise (see
 * KNOWN), and the macro's semantics would go untested.
 */
function rangeOver(g: Draw, depth: number, vars: readonly string[], maps: boolean): string {
  const range = weighted(g, [
    [5, () => listValue(g, depth - 1, vars)],
    [maps ? 2 : 0, () => pick(g, MAP_PATHS)],
    [maps ? 1 : 0, () => pick(g, ['{}', `{'app': 'web', 'tier': 'x'}`])],
  ]);
  return weighted(g, [[4, () => `dyn(${range})`], [1, () => range]]);
}

function value(g: Draw, depth: number, vars: readonly string[]): string {
  const sub = () => value(g, depth - 1, vars);
  return weighted(g, [
    [5, () => literal(g)],
    [6, () => pick(g, SCALAR_PATHS)],
    [vars.length > 0 ? 5 : 0, () => variable(g, vars)],
    [1, () => pick(g, MAP_PATHS)],
    [1, () => listValue(g, 0, vars)],
    [depth > 0 ? 3 : 0, () => `${sub()} ${pick(g, ['+', '-', '*', '/', '%'])} ${sub()}`],
    [depth > 0 ? 1 : 0, () => `-${sub()}`],
    [depth > 0 ? 4 : 0, () => `${pick(g, ['int', 'uint', 'double', 'string', 'dyn', 'bool', 'bytes', 'type'])}(${sub()})`],
    [depth > 0 ? 2 : 0, () => `size(${weighted(g, [[3, sub], [2, () => listValue(g, depth - 1, vars)], [1, () => { const v = fresh(vars); return `${pick(g, MAP_PATHS)}.filter(${v}, ${bool(g, depth - 1, [...vars, v])})`; }]])})`],
    [depth > 0 ? 2 : 0, () => `${listValue(g, 0, vars)}[${pick(g, ['0', '1', '-1', '0u', '0.0', '1.5', `'a'`])}]`],
    [depth > 0 ? 1 : 0, () => `${pick(g, MAP_PATHS)}[${pick(g, STRING_LITERALS)}]`],
    [depth > 0 ? 2 : 0, () => `(${bool(g, depth - 1, vars)} ? ${sub()} : ${sub()})`],
  ]);
}

function bool(g: Draw, depth: number, vars: readonly string[]): string {
  const sub = () => bool(g, depth - 1, vars);
  const val = () => value(g, depth - 1, vars);
  const target = () => weighted(g, [[4, () => pick(g, SCALAR_PATHS)], [vars.length > 0 ? 3 : 0, () => variable(g, vars)], [2, val]]);
  return weighted(g, [
    [1, () => pick(g, ['true', 'false'])],
    [6, () => `${target()} ${pick(g, ['==', '!=', '<', '<=', '>', '>='])} ${weighted(g, [[3, () => literal(g)], [1, val]])}`],
    [3, () => { const path = pick(g, GUARDED_PATHS); return `(has(${path}) && ${path} ${pick(g, ['==', '!=', '<', '>='])} ${literal(g)})`; }],
    [4, () => `has(${pick(g, [...SCALAR_PATHS.filter((p) => !p.includes('[')), ...LIST_PATHS.filter((p) => p !== 'objects'), ...MAP_PATHS.filter((p) => p !== 'object'), ...(vars.length > 0 ? [`${pick(g, vars)}.${pick(g, ELEMENT_FIELDS)}`] : [])])})`],
    [depth > 0 ? 1 : 0, () => `!${sub()}`],
    [depth > 0 ? 4 : 0, () => `(${sub()} ${pick(g, ['&&', '||'])} ${sub()})`],
    [depth > 0 ? 5 : 0, () => { const v = fresh(vars); return `${rangeOver(g, depth, vars, true)}.${pick(g, ['exists', 'all', 'exists_one'])}(${v}, ${bool(g, depth - 1, [...vars, v])})`; }],
    [3, () => `${target()}.${pick(g, ['startsWith', 'endsWith', 'contains'])}(${pick(g, STRING_LITERALS)})`],
    [3, () => `${target()}.matches(${pick(g, PATTERNS)})`],
    [2, () => `${weighted(g, [[3, () => literal(g)], [2, target]])} in ${weighted(g, [[2, () => listValue(g, 0, vars)], [1, () => pick(g, MAP_PATHS)]])}`],
    [1, () => `type(${target()}) == ${pick(g, ['int', 'uint', 'double', 'string', 'bool', 'bytes', 'list', 'map', 'null_type'])}`],
  ]);
}

const generatedExpression: fc.Arbitrary<string> = fc.gen().map((g) =>
  weighted(g, [
    [10, () => `${bool(g, 3, [])} ? ${pick(g, [`'finding'`, `'ünïcode 😀'`, `'x: ' + string(${value(g, 1, [])})`])} : ''`],
    [3, () => `string(${value(g, 3, [])})`],
    [2, () => `${value(g, 3, [])}`],
    [2, () => `${pick(g, STRING_LITERALS)} + ${weighted(g, [[3, () => `string(${value(g, 2, [])})`], [1, () => value(g, 2, [])]])}`],
  ]),
);

// ---------------------------------------------------------------------------------------------
// Running both.

interface Case {
  readonly expression: string;
  readonly object: Json;
  readonly objects: readonly Json[];
}
type GoAnswer = { readonly message: string } | { readonly error: string; readonly stage: 'compile' | 'eval' | 'type' };
type TsAnswer = { readonly message: string } | { readonly error: string } | { readonly syntaxError: string };

function runGo(cases: readonly Case[]): GoAnswer[] {
  const input = cases.map((c) => JSON.stringify(c)).join('\n');
  const run = spawnSync(built!.binary, [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  expect(run.status, run.stderr).toBe(0);
  const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as GoAnswer);
  expect(answers).toHaveLength(cases.length);
  return answers;
}

const programs = new Map<string, CelProgram | CelSyntaxError>();
function runTs(c: Case): TsAnswer {
  let program = programs.get(c.expression);
  if (program === undefined) {
    try {
      program = compileCel(c.expression);
    } catch (error) {
      if (!(error instanceof CelSyntaxError)) throw error;
      program = error;
    }
    programs.set(c.expression, program);
  }
  if (program instanceof CelSyntaxError) return { syntaxError: program.message };
  return program.run(c.object, c.objects);
}

/** How the two answers differ, or undefined when they agree. */
function difference(go: GoAnswer, ts: TsAnswer): string | undefined {
  if ('message' in go) {
    if ('message' in ts) return ts.message === go.message ? undefined : 'different messages';
    return 'error' in ts ? 'cel-go message, Rampart error' : 'cel-go message, Rampart syntax error';
  }
  if ('message' in ts) return go.stage === 'compile' ? 'cel-go compile error, Rampart message' : `cel-go ${go.stage} error, Rampart message`;
  // Both errors. A syntax error (a configuration error in Rampart) must be one that cel-go refuses too.
  if ('syntaxError' in ts && go.stage !== 'compile') return `Rampart syntax error, cel-go ${go.stage} error`;
  return undefined;
}

interface Difference {
  readonly kind: string;
  readonly c: Case;
  readonly go: GoAnswer;
  readonly ts: TsAnswer;
}

const TYPE_CHECK_ERROR = /found no matching overload|cannot be range of a comprehension|does not support field selection/;

/**
 * The code points Unicode assigned after 15.0 (in 15.1 to 17.0): those that Node's tables
 * (Unicode 17.0) assign and Go 1.26's (Unicode 15.0) do not.
 */
const AFTER_UNICODE_15 = new RegExp(
  `[${[
    '88f 897 c5c cdc 1acf-1add 1ae0-1aeb 1b4e-1b4f 1b7f 1c89-1c8a 20c1 2427-2429 2b96 2ffc-2fff',
    '31e4-31e5 31ef a7cb-a7cf a7d2 a7d4 a7da-a7dc a7f1 fbc3-fbd2 fd90-fd91 fdc8-fdce 105c0-105f3',
    '10940-10959 10d40-10d65 10d69-10d85 10d8e-10d8f 10ec2-10ec7 10ed0-10ed8 10efa-10efc 11380-11389',
    '1138b 1138e 11390-113b5 113b7-113c0 113c2 113c5 113c7-113ca 113cc-113d5 113d7-113d8 113e1-113e2',
    '116d0-116e3 11b60-11b67 11bc0-11be1 11bf0-11bf9 11db0-11ddb 11de0-11de9 11f5a 13460-143fa',
    '16100-16139 16d40-16d79 16ea0-16eb8 16ebb-16ed3 16ff2-16ff6 187f8-187ff 18cff 18d09-18d1e',
    '18d80-18df2 1cc00-1ccfc 1cd00-1ceb3 1ceba-1ced0 1cee0-1cef0 1e5d0-1e5fa 1e5ff 1e6c0-1e6de',
    '1e6e0-1e6f5 1e6fe-1e6ff 1f6d8 1f777-1f77a 1f8b2-1f8bb 1f8c0-1f8c1 1f8d0-1f8d8 1fa54-1fa57',
    '1fa89-1fa8a 1fa8e-1fa8f 1fabe 1fac6 1fac8 1facd 1fadc 1fadf 1fae9-1faea 1faef 1fbcb-1fbef 1fbfa',
    '2b73a-2b73f 2cea2-2cead 2ebf0-2ee5d 323b0-33479',
  ]
    .join(' ')
    .split(' ')
    .map((range) => range.split('-').map((hex) => `\\u{${hex}}`).join('-'))
    .join('')}]`,
  'u',
);

/**
 * Differences Rampart cannot reasonably remove, each with a test that tells its cases. Every entry
 * must still occur in the hand-written cases, or the test fails.
 */
const KNOWN: readonly { readonly name: string; readonly matches: (d: Difference) => boolean }[] = [
  {
    // cel-go's Compile type-checks, with `object` declared map(string, google.protobuf.Any): an
    // operator or index whose operands have types known at compile time that no overload takes
    // (1 == 1.0, 'a' == 1, size(x) == 0u, object.x * 2.0 >= 6, a ternary with a string and an int
    // branch), a field of a known scalar, and a macro over a top-level field of an object (a value
    // of type google.protobuf.Any, which the checker takes for dyn everywhere but as the range of a
    // comprehension: object.rules.exists(...) does not compile, object.spec.x.exists(...) and
    // dyn(object.rules).exists(...) do) are compile errors where Rampart evaluates. @bufbuild/cel
    // 0.6.1 exports no type checker (parse and plan only): matching would take a CEL type checker
    // of Rampart's own, and matching the last case would make such checks fail on every object,
    // as in kube-linter, where 8 of its 14 built-in cel-expression checks never compile for it.
    name: 'cel-go type-checks at compile time, Rampart evaluates',
    matches: (d) => 'stage' in d.go && d.go.stage === 'compile' && TYPE_CHECK_ERROR.test(d.go.error) && 'message' in d.ts,
  },
  {
    // A cel-go quirk: indexing a dyn value (any field of an object) with a constant key that is not
    // an int (m['k'], l[0u], l[1.0]) gives a value of a free type parameter, and the checker binds a
    // conversion of it, or of a sum with it, to one overload: int(m['k']) to int(int),
    // string(l[0u]) to string(string), string(m['k'] + object.x) to string(bytes). At run time a
    // value of another type has none ("no such overload: int(string)"), so in kube-linter
    // int(object.metadata.annotations['x']) always fails; with object.x.k, l[0] or dyn(m['k'])
    // it does not. Rampart converts the value.
    name: 'a conversion of a value indexed with a constant key that is not an int',
    matches: (d) =>
      'stage' in d.go &&
      d.go.stage === 'eval' &&
      /^no such overload: \w+\(\w+\)$/.test(d.go.error) &&
      /\[\s*(\d+(u|\.\d*)|'[^']*'|"[^"]*")\s*\]/.test(d.c.expression) &&
      'message' in d.ts,
  },
  {
    // {'a': 1, 'a': 2}: cel-go keeps the last value, @bufbuild/cel fails ("map key conflict") while
    // building the map, inside its planner.
    name: 'a map literal with a repeated key',
    matches: (d) => 'message' in d.go && 'error' in d.ts && d.ts.error.startsWith('map key conflict'),
  },
  {
    // RE2's Unicode classes (\p{L}, \pN, ...) and case folding follow the unicode tables of the Go
    // that built cel-go (Unicode 15.0 up to Go 1.26), and newer ones in @bufbuild/re2: a character
    // Unicode assigned later (CJK extension J, Garay, ...) is in no class for cel-go.
    name: 'matches() on a character Unicode assigned after 15.0',
    matches: (d) => /matches\(/.test(d.c.expression) && AFTER_UNICODE_15.test(JSON.stringify(d.c)),
  },
  {
    // string(timestamp('...+01:00')): cel-go keeps the offset it parsed and prints the time in it;
    // @bufbuild/cel's Timestamp (a protobuf message: seconds and nanos) has no offset, so Rampart
    // prints the same instant in UTC. Only a literal with an offset can show it: Kubernetes writes
    // its times in UTC (Z).
    name: 'string() of a timestamp parsed with an offset',
    matches: (d) =>
      'message' in d.go && 'message' in d.ts && /timestamp\('[^']*[+-]\d\d:\d\d'\)/.test(d.c.expression) && Date.parse(d.go.message) === Date.parse(d.ts.message),
  },
];

function show(d: Difference): string {
  return `${d.kind}\n  expression: ${JSON.stringify(d.c.expression)}\n  object:     ${JSON.stringify(d.c.object).slice(0, 400)}\n  cel-go:     ${JSON.stringify(d.go)}\n  rampart:    ${JSON.stringify(d.ts)}`;
}

function compare(cases: readonly Case[]): { differences: Difference[]; go: GoAnswer[]; ts: TsAnswer[] } {
  const go = runGo(cases);
  const ts = cases.map(runTs);
  const differences: Difference[] = [];
  cases.forEach((c, i) => {
    const kind = difference(go[i]!, ts[i]!);
    if (kind !== undefined) differences.push({ kind, c, go: go[i]!, ts: ts[i]! });
  });
  return { differences, go, ts };
}

/** How many cases cel-go answered with a finding, with "", and with an error of each stage. */
function outcomes(go: readonly GoAnswer[]): Record<'finding' | 'pass' | 'compile' | 'eval' | 'type', number> {
  const count = { finding: 0, pass: 0, compile: 0, eval: 0, type: 0 };
  for (const a of go) count['stage' in a ? a.stage : a.message === '' ? 'pass' : 'finding']++;
  return count;
}

function byKind(differences: readonly Difference[]): Map<string, Difference[]> {
  const groups = new Map<string, Difference[]>();
  for (const d of differences) groups.set(d.kind, [...(groups.get(d.kind) ?? []), d]);
  return groups;
}

/** The differences no known one explains; with CEL_ORACLE_SHOW=1, prints every difference. */
function unexplained(label: string, differences: readonly Difference[]): Difference[] {
  if (SHOW) {
    for (const [kind, list] of byKind(differences)) console.log(`${label}: ${list.length} × ${kind}\n${list.map(show).join('\n')}`);
    for (const known of KNOWN) console.log(`${label}: ${differences.filter((d) => KNOWN.find((k) => k.matches(d)) === known).length} × known: ${known.name}`);
  }
  return differences.filter((d) => !KNOWN.some((k) => k.matches(d)));
}

/** A summary of the unexplained differences: the count of each kind, with its first two cases. */
function summary(unknown: readonly Difference[]): string[] {
  return [...byKind(unknown)].flatMap(([kind, list]) => [`${list.length} × ${kind}`, ...list.slice(0, 2).map(show)]);
}

const roundTrip = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/**
 * The expression with dyn() around what each macro ranges over, so that cel-go compiles it and
 * the macro's semantics are compared too (8 of kube-linter's own checks do not compile in cel-go
 * as written: they range over object.rules, object.data or object.webhooks).
 */
const dynRanges = (expression: string): string =>
  expression.replace(/(?<![\w.'])((?:objects?|[a-z]\w*)(?:\.\w+)+)\.(exists_one|exists|all|map|filter)\(/g, (_, range: string, macro: string) => `dyn(${range}).${macro}(`);

describe.skipIf(!HAVE_GO)('CEL differential oracle (cel-go v0.31.0, as kube-linter cel-expression)', () => {
  const objectPool = fc.sample(kubeObject, { numRuns: 60, seed: SEED }).map(roundTrip);
  const fixtures = FIXTURES.map(roundTrip);

  it(`agrees on ${HAND_WRITTEN.length} hand-written and ${Object.keys(KUBE_LINTER_BUILTINS).length} kube-linter expressions`, () => {
    const objects = [...fixtures, ...objectPool.slice(0, 6)];
    const written = [...HAND_WRITTEN, ...Object.values(KUBE_LINTER_BUILTINS)];
    const expressions = [...written, ...written.map(dynRanges).filter((e, i) => e !== written[i])];
    // An expression that does not name `objects` is given the object alone, to keep the input small.
    const cases = expressions.flatMap((expression) => objects.map((object) => ({ expression, object, objects: /\bobjects\b/.test(expression) ? objects : [object] })));
    const { differences, go } = compare(cases);
    const count = outcomes(go);
    if (SHOW) console.log(`hand-written: ${cases.length} cases, cel-go answered ${JSON.stringify(count)}`);
    const unknown = unexplained('hand-written', differences);
    expect(summary(unknown), `${unknown.length} of ${cases.length} cases differ (and ${differences.length - unknown.length} as known)`).toEqual([]);
    for (const known of KNOWN) expect(differences.some((d) => known.matches(d)), `known difference "${known.name}" no longer occurs`).toBe(true);
    // The sample must have findings, passes and errors of every stage, or it proves little.
    expect(count.finding).toBeGreaterThan(cases.length / 5);
    expect(count.pass).toBeGreaterThan(cases.length / 20);
    expect(Math.min(count.compile, count.eval, count.type)).toBeGreaterThan(cases.length / 100);
  });

  it(`agrees on ${RUNS} generated expressions on random objects (seed ${SEED})`, () => {
    const expressions = fc.sample(generatedExpression, { numRuns: RUNS, seed: SEED });
    const picks = fc.sample(fc.tuple(fc.nat({ max: objectPool.length - 1 }), fc.nat({ max: objectPool.length - 1 }), fc.subarray(objectPool, { maxLength: 5 })), { numRuns: RUNS, seed: SEED + 1 });
    const cases = expressions.flatMap((expression, i) => {
      const [a, b, others] = picks[i]!;
      return [objectPool[a]!, objectPool[b]!].map((object) => ({ expression, object, objects: /\bobjects\b/.test(expression) ? [object, ...others] : [object] }));
    });
    const { differences, go } = compare(cases);
    const count = outcomes(go);
    if (SHOW) console.log(`generated: ${cases.length} cases, cel-go answered ${JSON.stringify(count)}`);
    const unknown = unexplained('generated', differences);
    expect(summary(unknown), `${unknown.length} of ${cases.length} cases differ (and ${differences.length - unknown.length} as known; seed ${SEED})`).toEqual([]);
    expect(count.finding).toBeGreaterThan(cases.length / 10);
    expect(count.pass).toBeGreaterThan(cases.length / 10);
    expect(Math.min(count.compile, count.eval, count.type)).toBeGreaterThan(cases.length / 100);
  });
});
