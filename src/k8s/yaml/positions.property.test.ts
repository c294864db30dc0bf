import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yaml';
import yaml from 'js-yaml';
import { resolveGoYamlV2 } from './kubernetes-schema.js';
import { goFlowReading } from './go-flow.js';
import { LineIndex } from './line-index.js';
import { parseManifests } from './parse.js';

/*
 * The `yaml` package builds a full positioned document tree; it is the oracle here. For random
 * manifests written in random styles, every key and item we locate must be where it says.
 */
const key = fc.oneof(
  fc.constantFrom('name', 'image', 'spec', 'metadata', 'labels', 'app.kubernetes.io/name', 'a b', '8080', 'on', 'key:with:colons', "it's", 'ünïcode'),
  fc.stringMatching(/^[a-z][a-zA-Z0-9_.-]{0,10}$/),
);
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('yes', 'multi\nline\ntext', '# not a comment', 'value: with colon', '- dash', '{braces}', '"quoted"'),
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  list: fc.array(tie('node'), { maxLength: 4 }),
})).map;

type Writer = (value: unknown) => string;

/** Block style with every key explicit (`? "key"`, its value after `:` on the next line), scalars as JSON. */
function explicitKeys(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  const nested = (v: unknown) => (typeof v === 'object' && v !== null && Object.keys(v).length > 0 ? `\n${inner}${explicitKeys(v, inner)}` : ` ${explicitKeys(v, inner)}`);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map((v) => `-${nested(v).replace(`\n${inner}`, ' ')}`).join(`\n${indent}`);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : entries.map(([k, v]) => `? ${JSON.stringify(k)}\n${indent}:${nested(v)}`).join(`\n${indent}`);
  }
  return JSON.stringify(value);
}

const writers: Record<string, Writer> = {
  'yaml block': (v) => Y.stringify(v),
  'yaml flow': (v) => Y.stringify(v, { collectionStyle: 'flow' }),
  'yaml compact seq': (v) => Y.stringify(v, { indentSeq: false }),
  'yaml quoted': (v) => Y.stringify(v, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
  'js-yaml': (v) => yaml.dump(v, { noRefs: true }),
  'js-yaml flow': (v) => yaml.dump(v, { flowLevel: 1, noRefs: true }),
  json: (v) => JSON.stringify(v, null, 2),
  'explicit keys': (v) => `${explicitKeys(v)}\n`,
};

/** Plain keys load as Kubernetes reads them (`on` is "true"), quoted keys as written. */
function loadedKeyName(key: Y.Scalar): string {
  const text = String(key.value);
  if (key.type !== 'PLAIN' || typeof key.source !== 'string') return text;
  const resolved = resolveGoYamlV2(key.source);
  return resolved === undefined ? key.source : String(resolved.value);
}

function hasKeysAliasedByYaml11(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasKeysAliasedByYaml11);
  if (typeof value !== 'object' || value === null) return false;
  const names = Object.keys(value).map((k) => String(resolveGoYamlV2(k)?.value ?? k));
  return new Set(names).size !== names.length || Object.values(value).some(hasKeysAliasedByYaml11);
}

/**
 * The yaml package's range of a node starts at its content, after an anchor or tag written before
 * it; we locate such a node where it starts, at its anchor or tag (a unit test pins that), so only
 * its descendants are compared. js-yaml writes one when a string it dumps does not load back
 * (`(:,&!` in a flow sequence).
 */
function hasProperties(node: unknown): boolean {
  return Y.isNode(node) && (node.anchor !== undefined || node.tag !== undefined);
}

function checkPositions(text: string): void {
  const ours = parseManifests(text, 'p.yaml');
  if (ours.problems.length > 0) return; // Both parsers must agree on validity; see the test below.
  // A plain scalar that go-yaml reads past a ':' (`[(:,]`) is another node to the yaml package.
  if (goFlowReading(text, 0, text.length).placeholders.length > 0) return;
  const oracle = Y.parseDocument(text, { uniqueKeys: false });
  const lines = new LineIndex(text);
  const doc = ours.documents[0];
  if (!doc) return;
  const visit = (node: unknown, path: (string | number)[]) => {
    if (Y.isMap(node)) {
      for (const pair of node.items) {
        if (!Y.isScalar(pair.key) || !pair.key.range) continue;
        const p = [...path, loadedKeyName(pair.key)];
        if (!hasProperties(pair.key)) expect(doc.locator.locate(p), JSON.stringify(p)).toEqual(lines.position(pair.key.range[0]));
        visit(pair.value, p);
      }
    } else if (Y.isSeq(node)) {
      node.items.forEach((item, i) => {
        const range = (item as { range?: [number] }).range;
        if (!range) return;
        const p = [...path, i];
        if (!hasProperties(item)) expect(doc.locator.locate(p), JSON.stringify(p)).toEqual(lines.position(range[0]));
        visit(item, p);
      });
    }
  };
  visit(oracle.contents, []);
}

describe('field positions', () => {
  it.each(Object.keys(writers))('match the yaml package for random documents written as %s', (name) => {
    const write = writers[name] as Writer;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 6 }), (value) => {
        checkPositions(write(value));
      }),
      { numRuns: 150 },
    );
  });

  it('agree with the oracle on which documents are valid', () => {
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 6 }), (value) => {
        // Keys like `on` and `yes` are the same key to Kubernetes ("true"): a real duplicate.
        fc.pre(!hasKeysAliasedByYaml11(value));
        const text = Y.stringify(value);
        expect(parseManifests(text, 'p.yaml').problems).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
