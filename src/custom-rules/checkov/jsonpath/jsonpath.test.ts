import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonPathError, parseJsonPath } from './parser.js';

// Expected results printed by bc_jsonpath_ng 1.6.1 (`bc_jsonpath_ng.ext.parse(expr).find(doc)`):
// 'error' where parse() raises, 'raised' where find() raises, else [value, str(full_path)] per match.
const POD = {"metadata": {"name": "web", "labels": {"app.kubernetes.io/name": "web", "tier": "front"}}, "spec": {"containers": [{"name": "main", "image": "nginx:1.2", "ports": [{"containerPort": 80}, {"containerPort": 443}], "resources": {"limits": {"cpu": "500m"}}, "securityContext": {"privileged": true}}, {"name": "side", "image": "reg/x:1", "ports": [{"containerPort": "8080"}]}, {"name": "init", "image": "busybox", "securityContext": {"privileged": false}}]}};
const MIXED = {"a": [{"n": 0}, {"n": 2}, {"n": 4.5}, {"n": "3"}, {"n": null}, {"n": true}, {"x": 1}], "s": "abc", "k": 5, "f": 1.5, "e": {}, "l": [3, 1, 2], "w": ["b", "a", "C"]};

type Expected = 'error' | 'raised' | 'refused' | Array<[unknown, string]>;

const CASES: Array<[string, unknown, Expected]> = [
  ['$.spec.containers[*].image', POD, [["nginx:1.2", "spec.containers.[0].image"], ["reg/x:1", "spec.containers.[1].image"], ["busybox", "spec.containers.[2].image"]]],
  ['spec.containers[?(@.name == \'main\')].image', POD, [["nginx:1.2", "spec.containers.[0].image"]]],
  ['metadata.labels.\'app.kubernetes.io/name\'', POD, [["web", "metadata.labels.app.kubernetes.io/name"]]],
  ['metadata.labels."app.kubernetes.io/name"', POD, [["web", "metadata.labels.app.kubernetes.io/name"]]],
  ['$.spec.containers[0:2].ports[*].containerPort', POD, [[80, "spec.containers.[0].ports.[0].containerPort"], [443, "spec.containers.[0].ports.[1].containerPort"], ["8080", "spec.containers.[1].ports.[0].containerPort"]]],
  ['spec.containers[?(@.resources.limits.cpu)]', POD, [[{"name": "main", "image": "nginx:1.2", "ports": [{"containerPort": 80}, {"containerPort": 443}], "resources": {"limits": {"cpu": "500m"}}, "securityContext": {"privileged": true}}, "spec.containers.[0]"]]],
  ['spec.containers[?(@.securityContext.privileged == true)].name', POD, [["main", "spec.containers.[0].name"]]],
  ['spec.containers[?(@.securityContext.privileged == false)].name', POD, [["init", "spec.containers.[2].name"]]],
  ['spec.containers[?(@.name != \'main\' & @.image =~ \'^reg\')].name', POD, [["side", "spec.containers.[1].name"]]],
  ['spec.containers[?(@.name == \'init\' | @.name == \'side\')].name', POD, [["side", "spec.containers.[1].name"], ["init", "spec.containers.[2].name"]]],
  ['spec.containers[?(!@.securityContext)].name', POD, [["side", "spec.containers.[1].name"]]],
  ['spec.containers[*].ports[?(@.containerPort > 100)].containerPort', POD, [[443, "spec.containers.[0].ports.[1].containerPort"], ["8080", "spec.containers.[1].ports.[0].containerPort"]]],
  ['spec.containers[-1].name', POD, [["init", "spec.containers.[-1].name"]]],
  ['spec.containers[5].name', POD, []],
  ['spec.containers[-9].name', POD, 'raised'],
  ['spec.containers[1:].name', POD, [["side", "spec.containers.[1].name"], ["init", "spec.containers.[2].name"]]],
  ['spec.containers[:-2].name', POD, [["main", "spec.containers.[0].name"]]],
  ['spec.containers.`len`', POD, [[3, "`len`"]]],
  ['metadata.labels.`sorted`', POD, [[["app.kubernetes.io/name", "tier"], "`this`"]]],
  ['spec.containers[\\name].name', POD, []],
  ['spec.containers[/image].image', POD, []],
  ['metadata.name,labels', POD, [["web", "metadata.name"], [{"app.kubernetes.io/name": "web", "tier": "front"}, "metadata.labels"]]],
  ['metadata[name]', POD, [["web", "metadata.name"]]],
  ['metadata.*', POD, [["web", "metadata.name"], [{"app.kubernetes.io/name": "web", "tier": "front"}, "metadata.labels"]]],
  ['$..containerPort', POD, [[80, "spec.containers.[0].ports.[0].containerPort"], [443, "spec.containers.[0].ports.[1].containerPort"], ["8080", "spec.containers.[1].ports.[0].containerPort"]]],
  ['spec.containers[0].name.`parent`.image', POD, [["nginx:1.2", "spec.containers.[0].image"]]],
  ['spec.containers[?(@.name == \'main\')].`parent`', POD, [[[{"name": "main", "image": "nginx:1.2", "ports": [{"containerPort": 80}, {"containerPort": 443}], "resources": {"limits": {"cpu": "500m"}}, "securityContext": {"privileged": true}}, {"name": "side", "image": "reg/x:1", "ports": [{"containerPort": "8080"}]}, {"name": "init", "image": "busybox", "securityContext": {"privileged": false}}], "spec.containers"]]],
  ['spec where containers', POD, [[{"containers": [{"name": "main", "image": "nginx:1.2", "ports": [{"containerPort": 80}, {"containerPort": 443}], "resources": {"limits": {"cpu": "500m"}}, "securityContext": {"privileged": true}}, {"name": "side", "image": "reg/x:1", "ports": [{"containerPort": "8080"}]}, {"name": "init", "image": "busybox", "securityContext": {"privileged": false}}]}, "spec"]]],
  ['(spec | metadata).containers[0].name', POD, [["main", "spec.containers.[0].name"]]],
  ['spec.containers[0] contains image', POD, [[{"name": "main", "image": "nginx:1.2", "ports": [{"containerPort": 80}, {"containerPort": 443}], "resources": {"limits": {"cpu": "500m"}}, "securityContext": {"privileged": true}}, "spec.containers.[0]"]]],
  ['$.a[?(@.n > 1 & @.n < 5)]', MIXED, 'raised'],
  ['$.a[?(@.n == 1)]', MIXED, 'raised'],
  ['$.a[?(@.n >= 1.5)]', MIXED, 'raised'],
  ['$.a[?(@.n < \'b\')]', MIXED, 'raised'],
  ['$.a[?(@.n)].n', MIXED, [[0, "a.[0].n"], [2, "a.[1].n"], [4.5, "a.[2].n"], ["3", "a.[3].n"], [null, "a.[4].n"], [true, "a.[5].n"]]],
  ['$.s[*]', MIXED, [["abc", "s.[0]"]]],
  ['$.s[1]', MIXED, [["b", "s.[1]"]]],
  ['$.k[*]', MIXED, [[5, "k.[0]"]]],
  ['$.k[0]', MIXED, 'raised'],
  ['$.f[*]', MIXED, 'raised'],
  ['$.e[*]', MIXED, []],
  ['$.s.`len`', MIXED, [[3, "`len`"]]],
  ['$.l.`sorted`', MIXED, [[[1, 2, 3], "`this`"]]],
  ['$.w.`sorted`', MIXED, [[["C", "a", "b"], "`this`"]]],
  ['$.a.`sorted`', MIXED, 'raised'],
  ['$.k + 1', MIXED, [[6, "`this`"]]],
  ['$.k / 2', MIXED, 'error'],
  ['$.s * 2', MIXED, [["abcabc", "`this`"]]],
  ['$.k * $.f', MIXED, [[7.5, "`this`"]]],
  ['1 / 0', MIXED, 'error'],
  ['$.s.`str()`', MIXED, [["abc", "`this`"]]],
  ['$.l.`str()`', MIXED, [["[3, 1, 2]", "`this`"]]],
  ['\'a.b,c\'', {"a.b,c": 1, "a": {"b": 2}}, [[1, "a.b,c"]]],
  ['$.`split(., 1, -1)`', "a.b.c", [["b", "`this`"]]],
  // Python gives [["bbc", "`this`"]]; re.sub replacement templates are not ported.
  ['s.`sub(/a/, b)`', MIXED, 'refused'],
  ['a & s', MIXED, 'raised'],
  ['`parent`', MIXED, 'raised'],
  ['`foo`', MIXED, 'error'],
  ['$.', MIXED, 'error'],
  ['$..[0]', MIXED, 'raised'],
  ['a[?(@.n == 1', MIXED, 'error'],
  ['a[*', MIXED, 'error'],
  ['\'unterminated', MIXED, 'error'],
  ['$.a[1:2:3]', MIXED, 'error'],
  ['a wherenot b', MIXED, 'error'],
  ['trueish', {"ish": 1}, 'error'],
  ['$.a[?(@.n =~ 5)]', MIXED, 'raised'],
];

function run(expr: string, doc: unknown): Expected {
  let path;
  try {
    path = parseJsonPath(expr);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonPathError);
    return / is not supported$/.test((error as Error).message) ? 'refused' : 'error';
  }
  try {
    return path.find(doc).map((m) => [m.value, m.fullPath]);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonPathError);
    return 'raised';
  }
}

describe('parseJsonPath', () => {
  it.each(CASES)('%s', (expr, doc, expected) => {
    expect(run(expr, doc)).toEqual(expected);
  });

  it('gives the location of each match in the data', () => {
    const paths = (expr: string, doc: unknown) => parseJsonPath(expr).find(doc).map((m) => m.path);
    expect(paths('spec.containers[*].ports[?(@.containerPort == 80)].containerPort', POD)).toEqual([['spec', 'containers', 0, 'ports', 0, 'containerPort']]);
    expect(paths('spec.containers[-1].name', POD)).toEqual([['spec', 'containers', 2, 'name']]);
    expect(paths("metadata.labels.'app.kubernetes.io/name'", POD)).toEqual([['metadata', 'labels', 'app.kubernetes.io/name']]);
    // A dict put in a list by [*] or a filter: the dict itself, its full path ending in .[0].
    expect(parseJsonPath('metadata[*].name').find(POD)).toEqual([{ value: 'web', path: ['metadata', 'name'], fullPath: 'metadata.[0].name' }]);
    expect(paths('spec.containers[0].name.`parent`.image', POD)).toEqual([['spec', 'containers', 0, 'image']]);
    // Computed values: the node they come from.
    expect(paths('spec.containers.`len`', POD)).toEqual([['spec', 'containers']]);
    expect(paths('$.s[1]', MIXED)).toEqual([['s']]);
  });

  it('tells which paths reach keys of the root without naming them', () => {
    const descends = (expr: string) => parseJsonPath(expr).descends;
    for (const expr of ['$..image', 'spec..name', '$.*', '*', "'*'", '$[*].*', 'spec.`parent`.*', '$.`sorted`', '`str()`', '($ | spec).*']) expect(descends(expr), expr).toBe(true);
    for (const expr of ['$.spec.containers[*].image', 'metadata.*', 'spec.containers[?(@.name == 1)]', 'metadata.labels.`sorted`', '$.spec[*]']) expect(descends(expr), expr).toBe(false);
  });

  it('refuses regular expressions RE2 cannot run', () => {
    expect(() => parseJsonPath("a[?(@.b =~ '(?=x)')]")).toThrow(/RE2/);
  });

  const TOKENS = ['$', '.', '..', '[', ']', '*', '0', '-1', '1.5', ':', '?', '(', ')', '@', '==', '!=', '<', '>=', '=~', '&', '|', ' where ', ' contains ', '`parent`', '`this`', '`len`', '`sorted`', '`str()`', '`split(., 0, -1)`', "'a'", '"b c"', 'a', 'name', 'true', ',', '!', '+', '-', '/', '\\', "'", '`'];
  const expressions = fc.oneof(fc.string(), fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((t) => t.join('')));

  it('throws nothing but JsonPathError, whatever the expression and document', () => {
    fc.assert(
      fc.property(expressions, fc.jsonValue({ maxDepth: 4 }), (expr, doc) => {
        let path;
        try {
          path = parseJsonPath(expr);
        } catch (error) {
          return error instanceof JsonPathError;
        }
        try {
          for (const m of path.find(doc)) expect(typeof m.fullPath).toBe('string');
        } catch (error) {
          if (!(error instanceof JsonPathError)) throw error;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
