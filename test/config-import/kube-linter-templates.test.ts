import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { templateRule } from '../../src/config/import/kube-linter-templates.js';
import { searchMatcher } from '../../src/core/full-match.js';
import { compileSchema } from '../../src/custom-rules/json-schema.js';

/*
 * The schemas of the imported kube-linter custom checks against a model of kube-linter's templates:
 * each model below follows the Go code of the template (pkg/templates/<name>/template.go), on the
 * object as kube-linter decodes it into Go structs, where a missing string is "" and a missing list
 * is empty. A target the schema accepts must be one the template reports nothing on, and back.
 */

/** kube-linter's matcher.ForString: "" matches anything, a leading ! negates, a pattern matches anywhere. */
function forString(pattern: string): (value: string) => boolean {
  if (pattern === '') return () => true;
  if (pattern.startsWith('!')) {
    const inner = searchMatcher(pattern.slice(1));
    return (value) => !inner(value);
  }
  return searchMatcher(pattern);
}

const word = fc.constantFrom('', 'A', 'a', 'AB', 'BA', 'b', 'TCP', 'UDP', 'default', 'builder');
const pattern = fc.constantFrom('', 'A', '^A$', '^a', 'B$', '^$', '!', '!A', '!^$', '.+', '(?i)^a', '^(|default)$', 'TCP', '^UDP$');
const nonEmptyPattern = pattern.filter((p) => p !== '');
/** An optional field: absent (undefined) or a value. */
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const withFields = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));

/** Checks that the schema of `template` with `params` rejects exactly the targets the model flags. */
function agrees(template: string, params: Record<string, unknown>, target: Record<string, unknown>, flagged: boolean): void {
  const made = templateRule(template, params);
  if (!made || !('schema' in made)) {
    // A check without a rule must be one that flags nothing (or one kube-linter refuses).
    expect(made && ('why' in made || 'refused' in made)).toBe(true);
    return;
  }
  const failure = compileSchema(made.schema)(target);
  expect({ params, target, rejected: failure !== undefined }).toEqual({ params, target, rejected: flagged });
}

const RUNS = { numRuns: 400 };

describe('imported kube-linter template checks', () => {
  it('env-var flags a variable whose name matches and whose value matches (or, with match: true, does not)', () => {
    const env = fc.array(fc.record({ name: optional(word), value: optional(word) }).map(withFields), { maxLength: 3 });
    fc.assert(
      fc.property(nonEmptyPattern, pattern, fc.boolean(), optional(env), (name, value, match, vars) => {
        const container = withFields({ name: 'c', env: vars });
        const flagged = (vars ?? []).some((v) => forString(name)(String(v.name ?? '')) && match !== forString(value)(String(v.value ?? '')));
        agrees('env-var', { name, value, match }, container, flagged);
      }),
      RUNS,
    );
  });

  it('ports flags a containerPort equal to the port whose protocol, TCP when unset or empty, matches', () => {
    const ports = fc.array(fc.record({ containerPort: optional(fc.constantFrom(53, 80)), protocol: optional(fc.constantFrom('TCP', 'UDP', '', 'SCTP')) }).map(withFields), { maxLength: 3 });
    fc.assert(
      fc.property(fc.constantFrom(53, 80), pattern, optional(ports), (port, protocol, list) => {
        const flagged = (list ?? []).some((p) => (p.containerPort ?? 0) === port && forString(protocol)(String(p.protocol || 'TCP')));
        agrees('ports', { port, protocol }, withFields({ name: 'c', ports: list }), flagged);
      }),
      RUNS,
    );
  });

  it('service-account flags a pod whose account (serviceAccountName, else serviceAccount) matches, unless its token is not mounted', () => {
    const spec = fc.record({ serviceAccountName: optional(word), serviceAccount: optional(word), automountServiceAccountToken: optional(fc.boolean()) }).map(withFields);
    fc.assert(
      fc.property(nonEmptyPattern, spec, (serviceaccount, pod) => {
        const account = String(pod.serviceAccountName || pod.serviceAccount || '');
        const flagged = pod.automountServiceAccountToken !== false && forString(serviceaccount)(account);
        agrees('service-account', { serviceaccount }, pod, flagged);
      }),
      RUNS,
    );
  });

  it('dnsconfig-options flags a pod without an option of that name and value, compared as written', () => {
    const option = fc.record({ name: optional(word), value: optional(word) }).map(withFields);
    const dnsConfig = fc.record({ options: optional(fc.array(option, { maxLength: 3 })) }).map(withFields);
    fc.assert(
      fc.property(word, word, optional(dnsConfig), (key, value, dns) => {
        const options = dns?.options as Array<Record<string, unknown>> | undefined;
        const flagged = options === undefined || !options.some((o) => (o.name ?? '') === key && o.value !== undefined && o.value === value);
        agrees('dnsconfig-options', { key, value }, withFields({ dnsConfig: dns }), flagged);
      }),
      RUNS,
    );
  });

  it('forbidden-service-types flags a Service whose type, as written, equals a forbidden one case aside', () => {
    const types = fc.array(fc.constantFrom('NodePort', 'loadbalancer', 'ClusterIP', 'a.b', ''), { maxLength: 3 });
    const spec = fc.record({ type: optional(fc.constantFrom('NodePort', 'LoadBalancer', 'ClusterIP', 'aXb', '')) }).map(withFields);
    fc.assert(
      fc.property(types, optional(spec), (forbidden, serviceSpec) => {
        const type = String(serviceSpec?.type ?? '');
        const flagged = forbidden.some((t) => t.toLowerCase() === type.toLowerCase());
        agrees('forbidden-service-types', { forbiddenservicetypes: forbidden }, withFields({ kind: 'Service', spec: serviceSpec }), flagged);
      }),
      RUNS,
    );
  });

  it('forbidden-annotation flags an object with an annotation whose key and value match; required-label one without a label that does', () => {
    const entries = fc.dictionary(word.filter((w) => w !== ''), word, { maxKeys: 3 });
    fc.assert(
      fc.property(nonEmptyPattern, pattern, optional(entries), (key, value, map) => {
        const some = Object.entries(map ?? {}).some(([k, v]) => forString(key)(k) && forString(value)(v));
        agrees('forbidden-annotation', { key, value }, { kind: 'Pod', metadata: withFields({ annotations: map }) }, some);
        agrees('required-label', { key, value }, { kind: 'Pod', metadata: withFields({ labels: map }) }, !some);
      }),
      RUNS,
    );
  });

  it('image-not-pinned-by-digest flags an image without "@sha256:" that no allowList pattern matches; hpa-maximum-replicas maxReplicas above the bound', () => {
    const image = fc.constantFrom('', 'nginx', 'nginx:1.27', 'nginx@sha256:abc', 'registry.example.com/app@sha256:0', 'quay.io/app', 'sha256:x');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('^quay\\.io/', '^registry\\.example\\.com/', '^$', 'nginx', '.*'), { maxLength: 2 }), optional(image), (allowList, written) => {
        const container = withFields({ name: 'c', image: written });
        const name = written ?? '';
        const flagged = !allowList.some((p) => searchMatcher(p)(name)) && !name.includes('@sha256:');
        agrees('image-not-pinned-by-digest', { allowlist: allowList }, container, flagged);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(optional(fc.integer({ min: 0, max: 12 })), optional(fc.integer({ min: 0, max: 12 })), (max, replicas) => {
        const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', spec: withFields({ maxReplicas: replicas }) };
        agrees('hpa-maximum-replicas', withFields({ maxreplicas: max }), hpa, (replicas ?? 0) > (max ?? 0));
      }),
      RUNS,
    );
  });

  it('disallowed-api-obj with a kind pattern flags the objects whose kind matches', () => {
    fc.assert(
      fc.property(nonEmptyPattern, fc.constantFrom('A', 'AB', 'Deployment', 'Ingress'), (kind, objectKind) => {
        agrees('disallowed-api-obj', { kind }, { apiVersion: 'v1', kind: objectKind }, forString(kind)(objectKind));
      }),
      RUNS,
    );
  });

  it('unsafe-sysctls flags a sysctl whose name starts with a listed prefix; priority-class-name a class set and not accepted', () => {
    const sysctls = fc.array(fc.record({ name: optional(fc.constantFrom('net.core.x', 'kernel.shm_rmid', 'kernel.msgmax', 'fs.mqueue.a', '', 'vm.x')), value: fc.constant('1') }).map(withFields), { maxLength: 3 });
    fc.assert(
      fc.property(fc.array(fc.constantFrom('net.', 'kernel.shm', 'kernel.', 'fs.mqueue.', '', 'a.b'), { minLength: 1, maxLength: 3 }), optional(sysctls), (prefixes, list) => {
        const flagged = (list ?? []).some((c) => prefixes.some((p) => String(c.name ?? '').startsWith(p)));
        agrees('unsafe-sysctls', { unsafesysctls: prefixes }, withFields({ securityContext: withFields({ sysctls: list }) }), flagged);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom<string>('high', 'system-node-critical', ''), { maxLength: 2 }), optional(fc.constantFrom('high', 'low', '', ' ', '\u00a0\t', 'system-node-critical')), (accepted, name) => {
        const flagged = name !== undefined && name.trim() !== '' && !accepted.includes(name);
        agrees('priority-class-name', { acceptedpriorityclassnames: accepted }, withFields({ priorityClassName: name }), flagged);
      }),
      RUNS,
    );
  });

  it('verify-container-capabilities flags a forbidden capability added or not dropped, and with "all" any capability added but the exceptions, or no drop of all', () => {
    const caps = fc.array(fc.constantFrom('NET_RAW', 'NET_ADMIN', 'SYS_ADMIN', 'ALL', 'all', 'CHOWN'), { maxLength: 3 });
    const capabilities = optional(fc.record({ add: optional(caps), drop: optional(caps) }).map(withFields));
    const lists = fc.oneof(
      fc.record({ forbidden: fc.array(fc.constantFrom('NET_RAW', '^NET_', 'SYS_ADMIN', '!CHOWN', ''), { minLength: 1, maxLength: 2 }), exceptions: fc.constant([] as string[]) }),
      fc.record({ forbidden: fc.constantFrom(['all'], ['ALL']), exceptions: fc.array(fc.constantFrom('NET_RAW', '^NET_', 'CHOWN'), { maxLength: 2 }) }),
    );
    fc.assert(
      fc.property(lists, capabilities, ({ forbidden, exceptions }, caps) => {
        const all = (c: string) => /^all$/i.test(c);
        const add = (caps?.add as string[] | undefined) ?? [];
        const drop = (caps?.drop as string[] | undefined) ?? [];
        let flagged = false;
        if (caps !== undefined) {
          if (forbidden.some(all)) flagged = add.some((c) => !exceptions.some((e) => forString(e)(c))) || !drop.some(all);
          else flagged = forbidden.some((f) => add.some((c) => forString(f)(c) || all(c)) || !drop.some((c) => forString(f)(c) || all(c)));
        }
        agrees('verify-container-capabilities', { forbiddencapabilities: forbidden, exceptions }, withFields({ name: 'c', securityContext: withFields({ capabilities: caps }) }), flagged);
      }),
      RUNS,
    );
  });

  it('latest-tag flags an image a blockList pattern matches, or no allowList pattern matches; image-pull-policy a forbidden policy', () => {
    const patterns = fc.array(fc.constantFrom('', ':latest$', '^[^:]*$', 'a{1,2}', '^registry/'), { maxLength: 2 });
    const image = optional(fc.constantFrom('registry/app:1', 'app:latest', 'app', 'aa', ''));
    fc.assert(
      fc.property(patterns, fc.boolean(), image, (list, block, img) => {
        const matches = list.some((p) => searchMatcher(p)(img ?? ''));
        const params = block ? { blocklist: list } : { allowlist: list };
        agrees('latest-tag', params, withFields({ name: 'c', image: img }), list.length > 0 && (block ? matches : !matches));
      }),
      RUNS,
    );
    const policies = fc.array(fc.constantFrom('Always', 'Never', 'IfNotPresent', ''), { maxLength: 2 });
    fc.assert(
      fc.property(policies, optional(fc.constantFrom('Always', 'Never', 'IfNotPresent', '')), (forbidden, policy) => {
        agrees('image-pull-policy', { forbiddenpolicies: forbidden }, withFields({ name: 'c', imagePullPolicy: policy }), forbidden.includes(policy ?? ''));
      }),
      RUNS,
    );
  });
});
