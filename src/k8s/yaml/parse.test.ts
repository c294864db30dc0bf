import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MARKER_AS_TEXT, parseManifests } from './parse.js';

const STREAM = `# leading comment
---
# Source: shop/templates/web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, "tier": front}
  annotations:
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:latest
          securityContext:
            privileged: yes
            capabilities:
              add: [NET_ADMIN, SYS_ADMIN]
        -   name: side
            image: busybox
---
broken: [1, 2
---
apiVersion: v1
kind: ConfigMap
data:
  "8080": tcp
  on: flag
...
`;

describe('parseManifests', () => {
  const parsed = parseManifests(STREAM, 'stream.yaml');
  const [web, config] = parsed.documents;

  it('parses every document on its own and reports the broken one with file:line:column', () => {
    expect(parsed.documents).toHaveLength(2);
    expect(parsed.problems).toEqual([
      // The flow sequence is still open where the document ends: after `2` on line 23.
      { code: 'yaml-syntax', message: expect.stringContaining('invalid YAML'), location: { file: 'stream.yaml', line: 23, column: 14 } },
    ]);
  });

  it('places an error at the end of a document after its last character, not on a line after it', () => {
    for (const [text, line, column] of [['a: "abc', 1, 8], ['a: "abc\n', 1, 8], ['x: 1\nb: [1, 2\n\n', 2, 9]] as const) {
      expect(parseManifests(text, 'eof.yaml').problems[0]?.location, JSON.stringify(text)).toEqual({ file: 'eof.yaml', line, column });
    }
    const json = parseManifests('{"apiVersion": "v1", "kind": "Pod",', 'trunc.json').problems;
    expect(json).toEqual([{ code: 'yaml-syntax', message: expect.stringMatching(/^invalid JSON: /), location: { file: 'trunc.json', line: 1, column: 36 } }]);
  });

  it('reads a stream of JSON objects as kubectl does: each object a document, located in the file', () => {
    const lines = parseManifests('{"kind": "A"}\n{"kind": "B", "metadata": {"name": "b"}}\n{"kind":"C"}{"kind":"D"}\nnull\n', 'jq.json');
    expect(lines.problems).toEqual([]);
    expect(lines.documents.map((d) => [d.index, d.line, (d.value as { kind: string }).kind])).toEqual([
      [0, 1, 'A'],
      [1, 2, 'B'],
      [2, 3, 'C'],
      [3, 3, 'D'],
    ]);
    expect(lines.documents[1]?.locator.locate(['metadata', 'name'])).toEqual({ line: 2, column: 28 });
    // After one object, what is no JSON value is read as YAML; after two, it is an error.
    expect(parseManifests('{"kind": "A"}\nkind: B\n', 'x.json').documents.map((d) => d.value)).toEqual([{ kind: 'A' }, { kind: 'B' }]);
    const two = parseManifests('{"kind": "A"}\n{"kind": "B"}\nkind: C\n', 'x.json');
    expect(two.documents.map((d) => d.value)).toEqual([{ kind: 'A' }, { kind: 'B' }]);
    expect(two.problems).toEqual([{ code: 'yaml-syntax', message: 'invalid JSON: text that is no JSON value, in a stream of JSON objects', location: { file: 'x.json', line: 3, column: 1 } }]);
    // A broken object after two is reported where it breaks, and the objects after it are read.
    const broken = parseManifests('{"kind": "A"}\n{"kind": "B"}\n{"kind": "C",\n "a": "x" "y"}\n{"kind": "D"}\n{"e": 1,}\n', 'x.json');
    expect(broken.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(['A', 'B', 'D']);
    expect(broken.problems.map((p) => [p.message, p.location?.line])).toEqual([
      [expect.stringMatching(/^invalid JSON: /), 4],
      // YAML reads this one; kubectl, by then reading JSON only, does not.
      ['invalid JSON: a value that is not JSON, in a stream of JSON objects', 6],
    ]);
    // A key written twice is refused in a stream as anywhere else.
    expect(parseManifests('{"a": 1}\n{"b": 1}\n{"c": 1, "c": 2}\n', 'x.json').problems[0]?.message).toMatch(/duplicated mapping key/);
  });

  it('calls a broken document JSON only when it opens as JSON does, not as a template does', () => {
    const what = (text: string) => /^invalid (JSON|YAML)/.exec(parseManifests(text, 'x.yaml').problems[0]?.message ?? '')?.[1];
    expect(what('{"apiVersion": "v1",, "kind": "Pod"}')).toBe('JSON');
    expect(what('---\n{\n  "kind": "Pod",\n')).toBe('JSON');
    expect(what('[{"kind": "Pod"}, ,]')).toBe('JSON');
    expect(what('{{- range $i := until 3 }}\napiVersion: v1\nkind: Pod\n')).toBe('YAML');
    expect(what('{% raw %}\napiVersion: v1\nkind: Pod\n')).toBe('YAML');
    expect(what('[{{ .Values.a }}]\n')).toBe('YAML');
    expect(what('{kind: Pod, : x}')).toBe('YAML');
    expect(what('{\n  /* options */\n  "a": 1,,\n}')).toBe('JSON');
    expect(/^invalid JSON/.test(parseManifests('{% raw %}\n{"a": 1}\n', 'x.json').problems[0]?.message ?? '')).toBe(true);
  });

  it('keeps the Helm template name and the first content line', () => {
    expect(web?.helmTemplate).toBe('shop/templates/web.yaml');
    expect(web?.line).toBe(4);
    expect(config?.helmTemplate).toBeUndefined();
  });

  it('locates mapping keys, sequence items and flow collections', () => {
    const at = (path: (string | number)[]) => web?.locator.locate(path);
    expect(at([])).toEqual({ line: 4, column: 1 });
    expect(at(['metadata', 'labels', 'tier'])).toEqual({ line: 8, column: 22 });
    expect(at(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'privileged'])).toEqual({ line: 17, column: 13 });
    expect(at(['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'capabilities', 'add', 1])).toEqual({ line: 19, column: 32 });
    expect(at(['spec', 'template', 'spec', 'containers', 1, 'image'])).toEqual({ line: 21, column: 13 });
  });

  it('falls back to the nearest existing ancestor for missing fields', () => {
    expect(web?.locator.locate(['spec', 'template', 'spec', 'containers', 1, 'resources', 'limits'])).toEqual({ line: 20, column: 13 });
    expect(web?.locator.locate(['metadata', 'annotations', 'x'])).toEqual({ line: 9, column: 3 });
  });

  it('finds keys whose loaded name differs from their text', () => {
    expect(config?.value).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', data: { '8080': 'tcp', true: 'flag' } });
    expect(config?.locator.locate(['data', '8080'])).toEqual({ line: 28, column: 3 });
    expect(config?.locator.locate(['data', 'true'])).toEqual({ line: 29, column: 3 });
  });

  it('reads JSON with JSON.parse and still locates fields', () => {
    const json = parseManifests('{\n "kind": "List",\n "items": [\n  {"kind": "Pod", "spec": {"hostPID": true}}\n ]\n}\n', 'dump.json');
    expect(json.problems).toEqual([]);
    expect(json.documents[0]?.locator.locate(['items', 0, 'spec', 'hostPID'])).toEqual({ line: 4, column: 28 });
  });

  it('reports broken JSON through the YAML parser, with a line', () => {
    const json = parseManifests('{\n  "a": 1,\n  "b": [1, 2}\n}\n', 'bad.json');
    expect(json.documents).toEqual([]);
    expect(json.problems[0]?.location?.line).toBeGreaterThan(1);
  });

  it('treats a byte order mark, CRLF line ends and empty documents calmly', () => {
    const crlf = parseManifests('\uFEFFapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\n---\r\n---\r\n# only a comment\r\n', 'crlf.yaml');
    expect(crlf.problems).toEqual([]);
    expect(crlf.documents).toHaveLength(1);
    expect(crlf.documents[0]?.locator.locate(['metadata', 'name'])).toEqual({ line: 4, column: 3 });
  });

  it('reads a document that starts with a byte order mark, as kubectl does, and counts no column for the mark', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\n\uFEFFapiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec:\n  hostNetwork: true\n---\r\n\uFEFF{"kind": "Pod", "spec": {"hostPID": true}}\n';
    const parsed = parseManifests(text, 'bom.yaml');
    expect(parsed.problems).toEqual([]);
    const [, b, c] = parsed.documents;
    expect(b?.value).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' }, spec: { hostNetwork: true } });
    expect(b?.line).toBe(5);
    expect(b?.locator.locate(['apiVersion'])).toEqual({ line: 5, column: 1 });
    expect(b?.locator.locate(['metadata', 'name'])).toEqual({ line: 7, column: 12 });
    expect(b?.locator.locate(['spec', 'hostNetwork'])).toEqual({ line: 9, column: 3 });
    expect(c?.value).toEqual({ kind: 'Pod', spec: { hostPID: true } });
    expect(c?.locator.locate(['spec', 'hostPID'])).toEqual({ line: 11, column: 26 });
    // Anywhere else, a mark is content to go-yaml: here, part of a key.
    expect(parseManifests('a: 1\n---\n# c\n\uFEFFb: 2\n', 'bom.yaml').documents[1]?.value).toEqual({ '\uFEFFb': 2 });
  });

  it('breaks lines where kubectl does: at a lone CR, NEL, LS and PS as at LF, in files with CRLF lines too', () => {
    const lines = ['# a comment', 'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '---', 'kind: ConfigMap', 'apiVersion: v1', 'data: {a: "x y"}'];
    const lf = parseManifests(lines.join('\n'), 'lf.yaml');
    for (const [name, sep] of [['CR', '\r'], ['NEL', '\u0085'], ['LS', '\u2028'], ['PS', '\u2029']] as const) {
      const other = parseManifests(lines.join(sep), `${name}.yaml`);
      expect(other.problems, name).toEqual([]);
      expect(other.documents.map((d) => d.value), name).toEqual(lf.documents.map((d) => d.value));
      expect(other.documents[0]?.locator.locate(['metadata', 'name']), name).toEqual({ line: 5, column: 3 });
      expect(other.documents[1]?.locator.locate(['data', 'a']), name).toEqual({ line: 9, column: 8 });
    }
    // CRLF line ends beside a lone CR: each CRLF is one line break, the CR another.
    const mixed = parseManifests('apiVersion: v1\r\nkind: Pod\rmetadata:\r\n  name: p\r\n', 'mixed.yaml');
    expect(mixed.documents[0]?.value).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
    expect(mixed.documents[0]?.locator.locate(['metadata', 'name'])).toEqual({ line: 4, column: 3 });
  });

  it('locates the items of a sequence with empty items (`-` alone), which have no node of their own', () => {
    // js-yaml records no node for an empty item: counting nodes would find item 1 at item 2.
    const text = 'spec:\n  list:\n  -\n  # a comment\n  - a: 1\n    more:\n    - x\n  - b: 2\n  -\n  - c\nnext: 1\n';
    const parsed = parseManifests(text, 'empty-items.yaml');
    expect(parsed.documents[0]?.value).toEqual({ spec: { list: [null, { a: 1, more: ['x'] }, { b: 2 }, null, 'c'] }, next: 1 });
    const at = (...path: (string | number)[]) => parsed.documents[0]?.locator.locate(['spec', 'list', ...path]);
    expect(at(0)).toEqual({ line: 3, column: 3 });
    expect(at(1, 'a')).toEqual({ line: 5, column: 5 });
    expect(at(1, 'more', 0)).toEqual({ line: 7, column: 7 });
    expect(at(2, 'b')).toEqual({ line: 8, column: 5 });
    expect(at(3)).toEqual({ line: 9, column: 3 });
    expect(at(4)).toEqual({ line: 10, column: 5 });
    expect(at(0, 'missing')).toEqual({ line: 3, column: 3 });
  });

  it('counts a single-pair mapping in a flow sequence as one item', () => {
    const pairs = parseManifests('a: [x: 1, w, (:, z]\n', 'pairs.yaml');
    // go-yaml reads a plain scalar on through a ':' followed by ',': `(:` is not a key.
    expect(pairs.documents[0]?.value).toEqual({ a: [{ x: 1 }, 'w', '(:', 'z'] });
    const at = (i: number) => pairs.documents[0]?.locator.locate(['a', i]);
    expect([at(0), at(1), at(2), at(3)].map((p) => p?.column)).toEqual([5, 11, 14, 18]);
  });

  it('locates a node written with an anchor or tag where its anchor or tag starts', () => {
    const doc = parseManifests('a: [(:,&z]\nb: [x, &y ]\nc: [!!str 1]\n', 'anchors.yaml').documents[0];
    expect(doc?.value).toEqual({ a: ['(:', null], b: ['x', null], c: ['1'] });
    const at = (...path: (string | number)[]) => doc?.locator.locate(path);
    expect([at('a', 1), at('b', 1), at('c', 0)]).toEqual([
      { line: 1, column: 8 },
      { line: 2, column: 8 },
      { line: 3, column: 5 },
    ]);
  });

  it('rejects duplicate keys as Kubernetes does, naming the line', () => {
    const dup = parseManifests('a: 1\nb: 2\na: 3\n', 'dup.yaml');
    expect(dup.documents).toEqual([]);
    expect(dup.problems[0]).toMatchObject({ code: 'yaml-syntax', location: { file: 'dup.yaml', line: 3 } });
  });

  it('refuses .inf and .nan as values, which JSON cannot hold and kubectl refuses, and reads 1e999 as a string as go-yaml does', () => {
    const inf = parseManifests('kind: Deployment\nspec:\n  replicas: .inf\n---\nkind: Pod\nmetadata: {name: p}\n', 'inf.yaml');
    expect(inf.problems).toEqual([{ code: 'yaml-syntax', message: 'invalid YAML: .inf is a number JSON cannot hold, which kubectl and the API server refuse', location: { file: 'inf.yaml', line: 3, column: 3 } }]);
    expect(inf.documents.map((d) => d.value)).toEqual([{ kind: 'Pod', metadata: { name: 'p' } }]);
    // Through js-yaml (a tag sends the document there) as through the fast path.
    expect(parseManifests('a: !!str x\nb: [1, -.Inf]\n', 'x.yaml').problems[0]?.message).toMatch(/^invalid YAML: -\.inf /);
    expect(parseManifests('big: 1e999\nsmall: 1e-999\n', 'x.yaml').documents[0]?.value).toEqual({ big: '1e999', small: 0 });
  });

  it('locates a value a merge key gave at that merge, and one written after it at its key', () => {
    const text = 'x: &priv {privileged: true, runAsUser: 0}\nw: &esc {allowPrivilegeEscalation: true}\nsc:\n  privileged: false\n  <<: [*esc, *priv]\n  runAsUser: 1000\n  <<: {readOnlyRootFilesystem: false}\n';
    const doc = parseManifests(text, 'm.yaml').documents[0];
    expect(doc?.value).toEqual({ x: { privileged: true, runAsUser: 0 }, w: { allowPrivilegeEscalation: true }, sc: { privileged: true, allowPrivilegeEscalation: true, runAsUser: 1000, readOnlyRootFilesystem: false } });
    const at = (key: string) => doc?.locator.locate(['sc', key]).line;
    expect([at('privileged'), at('allowPrivilegeEscalation'), at('runAsUser'), at('readOnlyRootFilesystem')]).toEqual([5, 5, 6, 7]);
  });

  it('refuses the keys kubectl refuses: null, a collection, an integer outside int64', () => {
    const refused = (text: string) => parseManifests(text, 'k.yaml').problems.map((p) => [p.message, p.location?.line, p.location?.column]);
    const why = ', which kubectl and the API server refuse (JSON keys are strings)';
    expect(refused('kind: ConfigMap\ndata:\n  a: "1"\n  ~: "2"\n')).toEqual([[`invalid YAML: a null key${why}`, 4, 3]]);
    expect(refused('data: {a: 1, null: 2}\n')).toEqual([[`invalid YAML: a null key${why}`, 1, 14]]);
    expect(refused('[1, 2]: x\n')).toEqual([[`invalid YAML: a sequence as a key${why}`, 1, 1]]);
    // A key with no value in a flow mapping (`{{ .Values.x }}` read as YAML is one).
    expect(refused('a: [{{ .Values.x }}]\n')).toEqual([[`invalid YAML: a mapping as a key${why}`, 1, 6]]);
    expect(refused('a: !!map {b: 1, [c]}\n')).toEqual([[`invalid YAML: a sequence as a key${why}`, 1, 17]]);
    expect(refused('a: [{b}, {c: [1]}, {d: {e: 1}, f}]\n')).toEqual([]);
    expect(refused('a: 1\n? {b: 1}\n: x\n')).toEqual([[`invalid YAML: a mapping as a key${why}`, 2, 3]]);
    // An explicit key that is null, written or left empty, the value on the next line or none.
    expect(refused('a: 1\n? null\n: x\n').map(([m]) => m)).toEqual([`invalid YAML: a null key${why}`]);
    expect(refused('- ?\n').map(([m]) => m)).toEqual([`invalid YAML: a null key${why}`]);
    expect(refused('? a\n: x\n')).toEqual([]);
    expect(refused('18446744073709551615: x\n')).toEqual([[`invalid YAML: an integer key outside the 64-bit range${why}`, 1, 1]]);
    // Quoted, they are strings; an integer within int64 is a key.
    expect(refused('"null": 1\n\'~\': 2\n9223372036854775807: 3\n')).toEqual([]);
  });

  it('rejects duplicate keys in JSON too, which JSON.parse would take the last of', () => {
    const text = '{\n  "kind": "Pod",\n  "spec": {"hostNetwork": true, "containers": [{"name": "a", "name": "b"}]}\n}\n';
    const dup = parseManifests(text, 'dup.json');
    expect(dup.documents).toEqual([]);
    expect(dup.problems).toEqual([{ code: 'yaml-syntax', message: 'invalid JSON: duplicated mapping key', location: { file: 'dup.json', line: 3, column: 62 } }]);
    // The same key in different objects, or escaped differently in different objects, is no duplicate.
    const fine = parseManifests('{"a": {"k": 1}, "b": {"k": 2}, "c": {"\\u006b": 3}, "__proto__": {"k": 4}}', 'fine.json');
    expect(fine.problems).toEqual([]);
    expect(fine.documents[0]?.value).toEqual(JSON.parse('{"a": {"k": 1}, "b": {"k": 2}, "c": {"k": 3}, "__proto__": {"k": 4}}'));
    const escaped = parseManifests('{"kind": "Pod", "\\u006bind": "Secret"}', 'escaped.json');
    expect(escaped.problems).toHaveLength(1);
  });
});

  it('reads documents nested as deep as deep CRD schemas (past the js-yaml default of 100), and names its own limit beyond 1000', () => {
    const nested = (levels: number) => {
      let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nextra:\n';
      for (let i = 1; i <= levels; i++) text += `${' '.repeat(i)}a:\n`;
      return `${text}${' '.repeat(levels + 1)}b: 1\n`;
    };
    const deep = parseManifests(nested(300), 'deep.yaml');
    expect(deep.problems).toEqual([]);
    const path = ['extra', ...Array<string>(300).fill('a'), 'b'];
    expect(deep.documents[0]?.locator.locate(path)).toMatchObject({ line: 306, column: 302 });
    const tooDeep = parseManifests(nested(1200), 'deeper.yaml');
    expect(tooDeep.documents).toEqual([]);
    expect(tooDeep.problems).toEqual([
      { code: 'yaml-too-deep', message: 'not read: nested more than 1000 levels deep, the most Rampart reads (kubectl reads up to 10000)', location: { file: 'deeper.yaml', line: 1004, column: 1000 } },
    ]);
  });

describe('document indexes', () => {
  it('count the documents of the stream, broken ones included, not leading comments', () => {
    expect(parseManifests(STREAM, 'stream.yaml').documents.map((d) => d.index)).toEqual([0, 2]);
  });
});

describe('locating in long sequences (kubectl Lists)', () => {
  const items = Array.from({ length: 300 }, (_, i) => `  - {name: item-${i}, value: ${i}}`);
  const block = `kind: List\nitems:\n${items.join('\n')}\n`;
  // Flow items, some of them single-pair mappings (`k0: 0`), which count as one item each.
  const flowItems = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `k${i}: ${i}` : `v${i}`));
  const flow = `items: [${flowItems.join(', ')}]\n`;
  const json = JSON.stringify({ kind: 'List', items: Array.from({ length: 120 }, (_, i) => ({ name: `item-${i}`, value: i })) }, null, 1);
  const other = parseManifests('a: [1, 2]\n', 'other.yaml').documents[0];

  it('finds the item asked for, in any order of lookups', () => {
    const doc = parseManifests(block, 'list.yaml').documents[0];
    const line = (i: number) => ({ line: i + 3, column: (items[i] ?? '').indexOf('value') + 1 });
    expect(doc?.locator.locate(['items', 299, 'value'])).toEqual(line(299));
    expect(doc?.locator.locate(['items', 17, 'value'])).toEqual(line(17));
    expect(doc?.locator.locate(['items', 300, 'value'])).toEqual({ line: 2, column: 1 });
    const flowDoc = parseManifests(flow, 'flow.yaml').documents[0];
    expect(flowDoc?.locator.locate(['items', 59])).toEqual({ line: 1, column: flow.indexOf('v59') + 1 });
    expect(flowDoc?.locator.locate(['items', 57])).toEqual({ line: 1, column: flow.indexOf('k57') + 1 });
  });

  it('gives what a fresh parse gives, whatever was located before', () => {
    const lookup = fc.tuple(fc.constantFrom(0, 1, 2), fc.nat({ max: 310 }), fc.constantFrom('name', 'value', 'missing'), fc.boolean());
    fc.assert(
      fc.property(fc.array(lookup, { minLength: 1, maxLength: 40 }), (lookups) => {
        const texts = [block, flow, json];
        const docs = texts.map((text) => parseManifests(text, 'list.yaml').documents[0]);
        for (const [which, i, field, interleave] of lookups) {
          const text = texts[which] as string;
          const path = which === 1 ? ['items', i] : ['items', i, field];
          const fresh = parseManifests(text, 'list.yaml').documents[0]?.locator.locate(path);
          expect(docs[which]?.locator.locate(path), `${JSON.stringify(path)} in document ${which}`).toEqual(fresh);
          if (interleave) other?.locator.locate(['a', 1]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('locating keys of large mappings', () => {
  // Every style of key, each on its own line: the loaded name and the line it is written on.
  const styles = [(i: number) => [`k${i}`, `k${i}`], (i: number) => [`"q ${i}"`, `q ${i}`], (i: number) => [`'s${i}'`, `s${i}`], (i: number) => [`${1000 + i}`, `${1000 + i}`]];
  const keys = Array.from({ length: 120 }, (_, i) => (styles[i % styles.length] as (i: number) => string[])(i) as [string, string]);
  const text = `data:\n${keys.map(([written]) => `  ${written}: v`).join('\n')}\n`;

  it('finds every key, in any order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(keys.map((k, i) => [k[1], i] as const), { minLength: 1 }), (order) => {
        const doc = parseManifests(text, 'big.yaml').documents[0];
        for (const [name, i] of order) expect(doc?.locator.locate(['data', name]), name).toEqual({ line: i + 2, column: 3 });
        expect(doc?.locator.locate(['data', 'absent'])).toEqual({ line: 1, column: 1 });
      }),
      { numRuns: 30 },
    );
  });

  it('reports the first repeated key of a long JSON object where it is repeated', () => {
    const entries = Array.from({ length: 60 }, (_, i) => `"k${i % 40}": ${i}`);
    const parsed = parseManifests(`{"data": {\n${entries.join(',\n')}\n}}\n`, 'dup.json');
    expect(parsed.documents).toEqual([]);
    expect(parsed.problems).toEqual([{ code: 'yaml-syntax', message: 'invalid JSON: duplicated mapping key', location: { file: 'dup.json', line: 42, column: 1 } }]);
  });
});

describe('locating explicit and numeric keys', () => {
  const locate = (text: string, path: Array<string | number>) => parseManifests(text, 'k.yaml').documents[0]?.locator.locate(path);

  it('places a field whose key is written after "?" at that key, on whichever line its value is', () => {
    const text = 'spec:\n  containers:\n  - name: c\n    ? image\n    : nginx\n    securityContext:\n      ?\n        privileged   # why\n      : true\n      ? "runAsUser"\n      : 0\n';
    expect(locate(text, ['spec', 'containers', 0, 'image'])).toEqual({ line: 4, column: 7 });
    expect(locate(text, ['spec', 'containers', 0, 'securityContext', 'privileged'])).toEqual({ line: 8, column: 9 });
    expect(locate(text, ['spec', 'containers', 0, 'securityContext', 'runAsUser'])).toEqual({ line: 10, column: 9 });
    // A key with no value, then an implicit key: the next key is not taken for a value.
    expect(locate('a:\n  ? b\n  c: {d: 1}\n', ['a', 'b'])).toEqual({ line: 2, column: 5 });
    expect(locate('a:\n  ? b\n  c: {d: 1}\n', ['a', 'c', 'd'])).toEqual({ line: 3, column: 7 });
    // In a flow sequence, an explicit key with no value is an item of its own: the next item is no value of it.
    expect(locate('a: [? w, x]\n', ['a', 1])).toEqual({ line: 1, column: 10 });
    expect(locate('a: [? k : v, ? w, z]\n', ['a', 2])).toEqual({ line: 1, column: 19 });
    expect(locate('a: {? w, x: 1}\n', ['a', 'x'])).toEqual({ line: 1, column: 10 });
    expect(locate('a: {x: 1, ? w}\n', ['a', 'w'])).toEqual({ line: 1, column: 13 });
    expect(locate('a: &m {? w}\n', ['a', 'w'])).toEqual({ line: 1, column: 10 });
  });

  it('takes no "?" at the end of a comment for a key indicator', () => {
    // An anchor (js-yaml's path) or a flow collection at the root, after a comment that ends with " ?".
    const read = (text: string) => {
      const parsed = parseManifests(text, 'c.yaml');
      return { values: parsed.documents.map((d) => d.value), problems: parsed.problems.map((p) => p.message) };
    };
    expect(read('# is this needed ?\n&a foo: bar\nx: 1\n')).toEqual({ values: [{ foo: 'bar', x: 1 }], problems: [] });
    expect(read("# don't ask ?\n{a: 1}\n")).toEqual({ values: [{ a: 1 }], problems: [] });
    expect(locate('# which one ?\n&a spec:\n  replicas: 2\n', ['spec', 'replicas'])).toEqual({ line: 3, column: 3 });
  });

  it('finds a numeric key by the name kubectl gives it, in the fast path and in js-yaml\'s', () => {
    for (const extra of ['', 'z: &z 1\n']) {
      const text = `data:\n  1e6: a\n  3.14159265358979: b\n  ? 0.00001\n  : c\n${extra}`;
      expect(locate(text, ['data', '1e+06']), extra).toEqual({ line: 2, column: 3 });
      expect(locate(text, ['data', '3.1415927']), extra).toEqual({ line: 3, column: 3 });
      expect(locate(text, ['data', '1e-05']), extra).toEqual({ line: 4, column: 5 });
    }
  });
});

describe('flow collections and anchor names, as go-yaml reads them', () => {
  const read = (text: string) => {
    const parsed = parseManifests(text, 'flow.yaml');
    return parsed.problems[0] ? { problem: parsed.problems[0] } : { value: parsed.documents[0]?.value, locator: parsed.documents[0]?.locator };
  };

  it('reads "-" before a flow indicator as a plain scalar, on the fast path and in js-yaml', () => {
    const fast = read('command: [kubectl, apply, -f, -]\nenv: {A: -}\n');
    expect(fast.value).toEqual({ command: ['kubectl', 'apply', '-f', '-'], env: { A: '-' } });
    expect(fast.locator?.locate(['command', 3])).toEqual({ line: 1, column: 31 });
    // An anchor leaves the document to js-yaml.
    expect(read('a: &x [-, b]\nb: *x\n').value).toEqual({ a: ['-', 'b'], b: ['-', 'b'] });
  });

  it('reads a plain scalar on through a ":" followed by a flow indicator, keys included', () => {
    expect(read('a: [10:, b]\nm: {k: v:, w:: x}\n').value).toEqual({ a: ['10:', 'b'], m: { k: 'v:', 'w:': 'x' } });
  });

  it('refuses a "?" inside a plain scalar and a ":" starting one, where kubectl does, with a hint', () => {
    expect(read('args: [--url=http://svc/h?full=1]\n').problem).toEqual({
      code: 'yaml-syntax',
      message: 'invalid YAML: did not find expected \',\' or \']\' (in a flow collection, kubectl reads this "?" as a key indicator: quote the value)',
      location: { file: 'flow.yaml', line: 1, column: 26 },
    });
    expect(read('a: 1\nargs: [--listen, :8080]\n').problem).toMatchObject({ message: expect.stringContaining('did not find expected node content (in a flow collection, kubectl reads this ":" as a value indicator'), location: { line: 2, column: 18 } });
    // An IPv6 CIDR unquoted in a flow sequence, as AdminNetworkPolicy networks are often written.
    expect(read('networks: [0.0.0.0/0, ::/0]\n').problem).toMatchObject({ location: { line: 1, column: 23 } });
    expect(read('networks: [0.0.0.0/0, "::/0"]\ncidr: ::/0\n').value).toEqual({ networks: ['0.0.0.0/0', '::/0'], cidr: '::/0' });
    // In the block context both are plain text.
    expect(read('url: http://svc/h?full=1\nlisten: :8080\n').value).toEqual({ url: 'http://svc/h?full=1', listen: ':8080' });
    expect(read('args: ["http://svc/h?full=1", ":8080"]\n').value).toEqual({ args: ['http://svc/h?full=1', ':8080'] });
  });

  it('reads explicit keys, refuses null and collection keys, and says it does not read "?key"', () => {
    expect(read('a: [? k : v, ? w]\n').value).toEqual({ a: [{ k: 'v' }, { w: null }] });
    expect(read('a: {~}\n').problem?.message).toBe('invalid YAML: a null key, which kubectl and the API server refuse (JSON keys are strings)');
    expect(read('a: {? [x] : y}\n').problem?.message).toBe('invalid YAML: a collection as a mapping key, which kubectl and the API server refuse (JSON keys are strings)');
    // go-yaml steps over the token after an empty key in a sequence's pair: here the ']'.
    expect(read('a: [? ]\n').problem?.message).toBe("invalid YAML: did not find expected ',' or ']'");
    expect(read('a: [?k]\n').problem?.message).toBe('invalid YAML: an explicit key with no space after "?" in a flow collection, which Rampart does not read: write "? key"');
  });

  it('refuses anchor names go-yaml refuses, in the block context and in flow collections', () => {
    expect(read('a: &env.common {x: 1}\nb: *env.common\n').problem).toMatchObject({ message: 'invalid YAML: did not find expected alphabetic or numeric character', location: { line: 1, column: 8 } });
    expect(read('a: [&x/y 1]\n').problem).toMatchObject({ message: 'invalid YAML: did not find expected alphabetic or numeric character', location: { line: 1, column: 7 } });
    expect(read('a: &base-1_x {x: 1}\nb: *base-1_x\n').value).toEqual({ a: { x: 1 }, b: { x: 1 } });
    // go-yaml ends a name at ':': `&a:` anchors an empty key (refused), `*a:` is the aliased key.
    expect(read('k: &a: 1\n').problem?.message).toBe('invalid YAML: an anchor right before ":" (&a:) marks an empty key, which kubectl refuses');
    expect(read('&a k: 1\n*a: x\n').problem?.message).toBe('invalid YAML: an alias right before ":" (*a:), which Rampart does not read: put a space after the name');
    expect(read('name: &a k\n*a : x\n').value).toEqual({ name: 'k', k: 'x' });
  });

  it('reads a text holding the stand-in characters as js-yaml does, without mixing them up', () => {
    expect(read('a: [\ue000, -]\n').problem?.message).toBe('invalid YAML: missed comma between flow collection entries');
    expect(read('a: [\ue000, b]\n').value).toEqual({ a: ['\ue000', 'b'] });
  });

  it('names numeric keys as sigs.k8s.io/yaml does: integers by their digits, floats as 32-bit %g', () => {
    const keys = '3.14159265358979: a\n.inf: b\n-.inf: c\n.nan: d\n1e6: e\n1000000: f\n0.00001: g\n1_0.5: h\n0x10: i\n';
    const names = ['3.1415927', '.inf', '-.inf', '.nan', '1e+06', '1000000', '1e-05', '10.5', '16'];
    expect(Object.keys(read(keys).value as object).sort()).toEqual(names.sort());
    // js-yaml's path (an anchor) names them the same.
    expect(Object.keys(read(`${keys}z: &z 1\n`).value as object).sort()).toEqual([...names, 'z'].sort());
  });
});

describe('keys as long as go-yaml reads them', () => {
  const key = (n: number) => 'k'.repeat(n);
  it.each([
    ['a block key', (n: number) => `${key(n)}: v\n`],
    ['a quoted key', (n: number) => `"${key(n - 2)}": v\n`],
    ['a key followed by spaces', (n: number) => `a:\n  ${key(n - 3)}   : v\n`],
    ['a flow key', (n: number) => `a: {${key(n)}: v}\n`],
    ['a pair in a flow sequence', (n: number) => `a: [${key(n)}: v]\n`],
    ['a key after an anchor (js-yaml reads it)', (n: number) => `a: &x 1\n${key(n)}: *x\n`],
  ])('reads %s of 1024 characters to its ":", and refuses one of 1025, as kubectl does', (_, text) => {
    expect(parseManifests(text(1024), 'k.yaml').problems).toEqual([]);
    const refused = parseManifests(text(1025), 'k.yaml').problems;
    expect(refused).toHaveLength(1);
    expect(refused[0]?.message).toBe('invalid YAML: a key longer than 1024 characters before its ":", which kubectl refuses (go-yaml reads no further for a key)');
  });

  it('has no limit for an explicit key', () => {
    expect(parseManifests(`a: [? ${key(1100)} : v]\n`, 'k.yaml').problems).toEqual([]);
    expect(parseManifests(`? ${key(1100)}\n: v\n`, 'k.yaml').problems).toEqual([]);
  });

  it('counts characters, not UTF-16 units, as go-yaml does', () => {
    expect(parseManifests(`${'😀'.repeat(1024)}: v\n`, 'k.yaml').problems).toEqual([]);
    expect(parseManifests(`${'😀'.repeat(1025)}: v\n`, 'k.yaml').problems).toHaveLength(1);
  });
});

describe('text kubectl reads one document of and ignores the rest', () => {
  const POD = '{apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {hostPID: true}}';
  const read = (text: string) => {
    const parsed = parseManifests(text, 'x.yaml');
    const at = (p: { location?: { line?: number; column?: number } }) => `${p.location?.line}:${p.location?.column}`;
    return {
      values: parsed.documents.map((d) => d.value),
      problems: parsed.problems.map((p) => `${at(p)} ${p.message}`),
      warnings: (parsed.warnings ?? []).map((p) => `${at(p)} ${p.code}`),
    };
  };
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { hostPID: true } };

  it('reads a document that is one flow collection up to its end, as sigs.k8s.io/yaml does, and says what it left', () => {
    expect(read(`${POD}}\n`)).toEqual({ values: [pod], problems: [], warnings: ['1:72 yaml-ignored-text'] });
    expect(read(`# c\n${POD}\nstray: line\n---\nkind: B\n`)).toEqual({ values: [pod, { kind: 'B' }], problems: [], warnings: ['3:1 yaml-ignored-text'] });
    // Located as before: the collection is read whole, from the document's start.
    expect(parseManifests(`${POD}\nstray: line\n`, 'x.yaml').documents[0]?.locator.locate(['spec', 'hostPID'])).toMatchObject({ line: 1, column: 57 });
  });

  it('refuses what go-yaml looks ahead at and refuses, and what it cannot tell go-yaml lets go', () => {
    // go-yaml scans the next token: '@' starts none.
    expect(read(`${POD}\n@x\n`).problems).toEqual(['2:1 invalid YAML: end of the stream or a document separator is expected']);
    // On the collection's own line a '-' or ':' is scanned too (and refused, or makes it a key).
    expect(read(`${POD} - x\n`).problems).toHaveLength(1);
    expect(read(`${POD} foo: bar\n`).problems).toHaveLength(1);
    // Refused within the collection: the go-flow checks run on the collection alone.
    expect(read('{a: [&x/y]}}\n').problems).toEqual(['1:8 invalid YAML: did not find expected alphabetic or numeric character']);
  });

  it("ignores a document's text after a '...' line up to the next --- line, as kubectl does", () => {
    const text = 'kind: A\n...\nkind: Ignored\n...\nkind: Also\n---\nkind: B\n';
    expect(read(text)).toEqual({ values: [{ kind: 'A' }, { kind: 'B' }], problems: [], warnings: ['3:1 yaml-ignored-text', '5:1 yaml-ignored-text'] });
    expect(read('kind: A\n...\n# only a comment\n---\nkind: B\n')).toEqual({ values: [{ kind: 'A' }, { kind: 'B' }], problems: [], warnings: [] });
    // Before any content: kubectl refuses it, unless a --- line opened the document.
    expect(read('# c\n...\nkind: A\n').problems).toEqual(["2:1 invalid YAML: a '...' document end before any document, which kubectl refuses (did not find expected node content)"]);
    expect(read('---\n...\nkind: Ignored\n---\nkind: B\n')).toEqual({ values: [{ kind: 'B' }], problems: [], warnings: ['3:1 yaml-ignored-text'] });
  });

  it('refuses a --- line with more than a comment after it, as kubectl does', () => {
    expect(read('kind: A\n--- {kind: B}\n---\nkind: C\n')).toEqual({
      values: [{ kind: 'A' }, { kind: 'C' }],
      problems: ['2:5 invalid YAML: a document separator with more than a comment after it on its line, which kubectl refuses ("invalid Yaml document separator"): put the document on the next line'],
      warnings: [],
    });
    expect(read('kind: A\n---   # next\nkind: B\n').values).toEqual([{ kind: 'A' }, { kind: 'B' }]);
  });

  it('reads a comment right after a block scalar header, as go-yaml does', () => {
    expect(read('a: |#note\n  text\nb: >-#\n  more\n')).toEqual({ values: [{ a: 'text\n', b: 'more' }], problems: [], warnings: [] });
    // Text there that is no comment stays an error, as in go-yaml; `|#` in a scalar is text.
    expect(read('a: |  x\n  t\n').problems).toHaveLength(1);
    expect(read('a: "x |#y"\nb: c |#d\n').values).toEqual([{ a: 'x |#y', b: 'c |#d' }]);
  });

  it("reads a '---#' line as kubectl does: a separator it drops after a document, text where it keeps the line", () => {
    // kubectl's YAMLReader cuts the stream there (YAML would read the line as text of the document).
    expect(read('kind: A\n---#next\nkind: B\n')).toEqual({ values: [{ kind: 'A' }, { kind: 'B' }], problems: [], warnings: [] });
    expect(read('---\n---# c\nkind: B\n')).toEqual({ values: [{ kind: 'B' }], problems: [], warnings: [] });
    // As the first line of kubectl's chunk, go-yaml reads it as a plain scalar: no object.
    const refused = [`1:1 ${MARKER_AS_TEXT}`];
    expect(read('---#c\nkind: B\n')).toEqual({ values: [], problems: refused, warnings: [] });
    expect(read('kind: A\n---\n---#c\nkind: B\n')).toEqual({ values: [{ kind: 'A' }], problems: [`3:1 ${MARKER_AS_TEXT}`], warnings: [] });
    // A plain scalar goes on over a line starting with %, which is no directive there.
    expect(read('---#c\n%FOO\n')).toEqual({ values: ['---#c %FOO'], problems: [], warnings: [] });
    // A separator kubectl refuses, on the line after a dropped one.
    expect(read('kind: A\n---#c\n----\n').problems).toEqual(['3:1 invalid YAML: a document separator with more than a comment after it on its line, which kubectl refuses ("invalid Yaml document separator"): put the document on the next line']);
  });
});

describe('a document whose first lines are indented more than the rest', () => {
  it('is read up to its first node, as go-yaml reads it, where a plain key starts the line after', () => {
    const parsed = parseManifests('  apiVersion: v1\n  kind: ConfigMap\nmetadata: {name: lost}\n', 'x.yaml');
    expect(parsed.documents.map((d) => d.value)).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap' }]);
    expect(parsed.warnings?.map((w) => [w.code, w.location?.line, w.location?.column])).toEqual([['yaml-ignored-text', 3, 1]]);
  });

  it('stays an error where go-yaml would not end the node there', () => {
    // A sequence at the first line's indentation goes on for go-yaml, which then refuses the key.
    expect(parseManifests('- a\nkind: B\n', 'x.yaml').problems).toHaveLength(1);
    // A plain scalar goes on over the lines after it.
    expect(parseManifests('  text\nkind: B\n', 'x.yaml').problems).toHaveLength(1);
  });
});

describe('directives, as kubectl reads them', () => {
  const read = (text: string) => {
    const parsed = parseManifests(text, 'x.yaml');
    return { values: parsed.documents.map((d) => d.value), problems: parsed.problems.map((p) => `${p.location?.line} ${p.message}`), warnings: (parsed.warnings ?? []).map((w) => w.location?.line) };
  };

  it('refuses a directive before a document: kubectl reads it apart from the --- line after it', () => {
    expect(read('%YAML 1.1\n---\nkind: A\n').problems).toEqual([
      '1 invalid YAML: a directive before a document, which kubectl refuses (did not find expected <document start>: kubectl reads the text before the next --- line as a document of its own): remove the line',
    ]);
  });

  it('ends a document at a directive after it, and refuses one go-yaml cannot read where it gets to it', () => {
    expect(read('kind: A\n%YAML 1.1\nkind: Ignored\n---\nkind: B\n')).toEqual({ values: [{ kind: 'A' }, { kind: 'B' }], problems: [], warnings: [3] });
    expect(read('kind: A\n%FOO\n').problems).toEqual(['2 invalid YAML: found unknown directive name (a line starting with %, which kubectl reads as a directive)']);
    // Where the document ended before it (a line indented less), go-yaml never gets to it.
    expect(read('  kind: A\nx: 1\n%FOO\n').values).toEqual([{ kind: 'A' }]);
  });
});
