/*
 * The engine narrows the classes a selector may pick to those carrying the rarest of its
 * matchLabels pairs (in namespaces with many classes). Whatever the selector, the answer must be
 * what testing every class of the namespaces gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PodClass } from '../../src/netpol/engine/classes.js';
import { Selection } from '../../src/netpol/engine/selection.js';
import type { NamespaceInfo } from '../../src/netpol/model/cluster.js';
import { NO_NAMED_PORTS } from '../../src/netpol/engine/rule-conns.js';
import { IssueCollector } from '../../src/netpol/policy/issues.js';
import { compileSelector, selects } from '../../src/netpol/policy/selector.js';
import type { NamespaceScope } from '../../src/netpol/policy/types.js';

const KEYS = ['app', 'tier', 'env', 'bad key!'] as const;
const VALUES = ['a', 'b', 'c', ''] as const;

const labels = fc.dictionary(fc.constantFrom(...KEYS.slice(0, 3)), fc.constantFrom(...VALUES.slice(0, 3)), { maxKeys: 3 });
const selectorValue = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  fc.record(
    {
      matchLabels: fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 }),
      matchExpressions: fc.array(
        fc.oneof(
          fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...VALUES), { maxLength: 2 }) }),
          fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
        ),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: [] },
  ),
);

const namespaces: NamespaceInfo[] = ['one', 'two'].map((name, i) => ({ name, labels: { 'kubernetes.io/metadata.name': name, team: i === 0 ? 'x' : 'y' }, object: undefined }));

describe('selecting pod classes', () => {
  it('gives what testing every class gives, in namespaces large enough to be indexed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 1 }), labels), { minLength: 70, maxLength: 120 }), fc.array(fc.tuple(fc.boolean(), selectorValue), { minLength: 1, maxLength: 8 }), (members, queries) => {
        const classes: PodClass[] = members.map(([ns, l], id) => ({ id, namespace: namespaces[ns] as NamespaceInfo, labels: l, namedPorts: NO_NAMED_PORTS, portKey: '', pseudo: false }));
        const selection = new Selection(classes, [], new Map(namespaces.map((n) => [n.name, n])));
        for (const [same, value] of queries) {
          const pods = value === undefined ? undefined : compileSelector(value, ['podSelector'], new IssueCollector());
          const scope: NamespaceScope = same ? { kind: 'same', namespace: 'one' } : { kind: 'selector', selector: compileSelector({}, ['namespaceSelector'], new IssueCollector()) };
          const inScope = (c: PodClass) => !same || c.namespace.name === 'one';
          const expected = classes.filter((c) => inScope(c) && (pods === undefined || selects(pods, c.labels))).map((c) => c.id);
          expect(selection.classesOf(scope, pods), JSON.stringify(value)).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
