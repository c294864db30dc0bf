import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGoFloat } from '../cel/go-strconv.js';
import { GoTemplateError, parseGoTemplate, type GoValue } from './index.js';

// The expected texts are Go 1.26's (text/template with Polaris' hasPrefix and hasSuffix);
// test/oracles/go-template.oracle.test.ts compares with Go itself.

const DEPLOYMENT: GoValue = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', tier: 'frontend' } },
  spec: {
    replicas: 3,
    ratio: 0.5,
    big: 1e21,
    million: 1000000,
    list: [1, 'a', null, true],
    empty: {},
    template: {
      spec: {
        containers: [
          { name: 'app', image: 'registry.example.com/web:1.0' },
          { name: 'sidecar', image: 'envoy:latest' },
        ],
      },
    },
  },
};

function render(text: string, data: GoValue = DEPLOYMENT, numbers: 'int64' | 'float64' = 'int64'): string {
  return parseGoTemplate('check', text).execute(data, { numbers });
}

function failure(text: string, data: GoValue = DEPLOYMENT, numbers: 'int64' | 'float64' = 'int64'): { phase: string; message: string } {
  try {
    render(text, data, numbers);
  } catch (e) {
    if (e instanceof GoTemplateError) return { phase: e.phase, message: e.message };
    throw e;
  }
  throw new Error(`${text} did not fail`);
}

describe('Go text/template', () => {
  it('renders the templated schema of a Polaris custom check', () => {
    const text = `const: "{{ .metadata.name }}"
anyOf:
{{ range $key, $value := .metadata.labels }}
- properties:
    "{{ $key }}":
      type: string
      const: {{ $value }}
  required: ["{{ $key }}"]
{{ end }}`;
    expect(render(text)).toBe(`const: "web"
anyOf:

- properties:
    "app":
      type: string
      const: web
  required: ["app"]

- properties:
    "tier":
      type: string
      const: frontend
  required: ["tier"]
`);
  });

  it.each([
    ['{{ .metadata.name }}', 'web'],
    ['{{ .metadata.missing }}|{{ .spec.list }}|{{ .metadata.labels }}|{{ .spec.empty }}', '<no value>|[1 a <nil> true]|map[app:web tier:frontend]|map[]'],
    ['{{ .spec.replicas }} {{ .spec.ratio }} {{ .spec.big }} {{ .spec.million }} {{ 1e6 }} {{ 123456.0 }} {{ 1e-5 }} {{ 0.0001 }}', '3 0.5 1e+21 1000000 1e+06 123456 1e-05 0.0001'],
    ['{{ range $k, $v := .metadata.labels }}{{ $k }}={{ $v }};{{ end }}', 'app=web;tier=frontend;'],
    ['{{ range $i, $c := .spec.template.spec.containers }}{{ if $i }},{{ end }}{{ $c.name }}{{ end }}', 'app,sidecar'],
    ['{{ range .spec.list }}{{ if not . }}{{ continue }}{{ end }}[{{ . }}]{{ end }}', '[1][a][true]'],
    ['{{ range 3 }}{{ . }}{{ else }}none{{ end }}', '012'],
    ['{{ with .metadata.labels.app }}app={{ . }}{{ else }}no app{{ end }}', 'app=web'],
    ['{{ if and .metadata.labels (eq .kind "Deployment") }}yes{{ end }} {{ or .missing "default" }}', 'yes default'],
    ['{{ define "name" }}{{ .name }}:{{ .image }}{{ end }}{{ range .spec.template.spec.containers }}{{ template "name" . }} {{ end }}', 'app:registry.example.com/web:1.0 sidecar:envoy:latest '],
    ['a  {{- "b" -}}  c {{/* gone */}}d', 'abc d'],
    ['{{ printf "%q %5.2f %-4d| %x %v" .metadata.name .spec.ratio 7 "hi" .spec.list }}', '"web"  0.50 7   | 6869 [1 a <nil> true]'],
    ['{{ printf "%d" "x" }} {{ printf "%s" 3 }} {{ printf "%d %d" 1 }} {{ printf "%d" 1 2 }}', '%!d(string=x) %!s(int=3) 1 %!d(MISSING) 1%!(EXTRA int=2)'],
    ['{{ len "é" }} {{ index "é" 0 }} {{ slice "héllo" 1 3 | printf "%q" }}', '2 195 "é"'],
    ['{{ hasPrefix (index .spec.template.spec.containers 0).image "registry.example.com/" }} {{ hasSuffix .metadata.name "eb" }}', 'true true'],
    [`{{ html "<a&b>" }} {{ js "it's" }} {{ urlquery "a b/c" }}`, "&lt;a&amp;b&gt; it\\'s a+b%2Fc"],
    ['{{ lt "Z" "a" }} {{ eq .spec.replicas 3 }} {{ eq 1 2 1 }} {{ ne .missing nil }}', 'true true true false'],
    ['{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}', '2'],
    ['{{ .metadata.labels.nothing.x }}', '<no value>'],
  ])('renders %s', (text, expected) => {
    expect(render(text)).toBe(expected);
  });

  it.each([
    ['{{ .metadata.name', 'parse', 'template: check:1: unclosed action'],
    ['{{ end }}', 'parse', 'template: check:1: unexpected {{end}}'],
    ['{{ nope 1 }}', 'parse', 'template: check:1: function "nope" not defined'],
    ['{{ $x }}', 'parse', 'template: check:1: undefined variable "$x"'],
    ['{{ break }}', 'parse', 'template: check:1: {{break}} outside {{range}}'],
    ['{{ "\\q" }}', 'parse', 'template: check:1: invalid syntax'],
    ['{{ .metadata.name.first }}', 'exec', `template: check:1:12: executing "check" at <.metadata.name.first>: can't evaluate field first in type interface {}`],
    ['{{ .spec.template.spec.containers.x.y }}', 'exec', `template: check:1:8: executing "check" at <.spec.template.spec.containers.x.y>: can't evaluate field x in type interface {}`],
    ['{{ eq .spec.replicas 3.0 }}', 'exec', 'template: check:1:3: executing "check" at <eq .spec.replicas 3.0>: error calling eq: incompatible types for comparison: int64 and float64'],
    ['{{ index .spec.list 4 }}', 'exec', 'template: check:1:3: executing "check" at <index .spec.list 4>: error calling index: reflect: slice index out of range'],
    ['{{ template "missing" }}', 'exec', 'template: check:1:12: executing "check" at <{{template "missing"}}>: template "missing" not defined'],
    ['{{ len 3 }}', 'exec', 'template: check:1:3: executing "check" at <len 3>: error calling len: len of type int'],
    ['{{ eq .metadata .metadata }}', 'exec', 'template: check:1:3: executing "check" at <eq .metadata .metadata>: error calling eq: non-comparable type map[labels:map[app:web tier:frontend] name:web namespace:shop]: map[string]interface {}'],
    ['{{ range 1.5 }}{{ end }}', 'exec', `template: check:1:9: executing "check" at <1.5>: range can't iterate over 1.5`],
    ['{{ 9223372036854775808 }}', 'exec', 'template: check:1:3: executing "check" at <9223372036854775808>: 9223372036854775808 overflows int'],
  ])('fails on %s as Go does', (text, phase, message) => {
    expect(failure(text)).toEqual({ phase, message });
  });

  it('fails on a field of a null value', () => {
    expect(failure('{{ .a.b }}', { a: null })).toEqual({ phase: 'exec', message: 'template: check:1:5: executing "check" at <.a.b>: nil pointer evaluating interface {}.b' });
  });

  it('types numbers as encoding/json or as Kubernetes unstructured objects do', () => {
    expect(render('{{ eq .spec.replicas 3 }} {{ printf "%T" .spec.replicas }} {{ .spec.million }}')).toBe('true int64 1000000');
    expect(render('{{ .spec.million }} {{ printf "%T" .spec.replicas }}', DEPLOYMENT, 'float64')).toBe('1e+06 float64');
    expect(failure('{{ eq .spec.replicas 3 }}', DEPLOYMENT, 'float64').message).toBe(
      'template: check:1:3: executing "check" at <eq .spec.replicas 3>: error calling eq: incompatible types for comparison: float64 and int',
    );
    // Past int64, and written with an exponent, a whole number is a float64.
    expect(render('{{ printf "%T %T %T" .a .b .c }}', { a: 2 ** 62, b: 2 ** 63, c: 1e21 })).toBe('int64 float64 float64');
    const typed = { replicas: 3 };
    const template = parseGoTemplate('check', '{{ printf "%T %T" .spec.replicas .top }}');
    expect(template.execute({ spec: typed, top: 1 }, { float64Within: new WeakSet([typed]) })).toBe('float64 int64');
  });

  it('keeps the bytes of strings, printing an invalid one as U+FFFD', () => {
    expect(render('{{ slice "é" 0 1 }}|{{ len (slice "é" 0 1) }}|{{ print (slice "é" 0 1) (slice "é" 1) }}|{{ "\\xff" | printf "%q" }}')).toBe('\uFFFD|1|é|"\\xff"');
  });

  it('is not crashed by a template that calls itself', () => {
    expect(failure('{{ define "t" }}{{ template "t" . }}{{ end }}{{ template "t" . }}')).toEqual({
      phase: 'exec',
      message: 'template: check:1:32: executing "t" at <.>: actions, pipelines and template calls nested deeper than 1000 levels',
    });
  });

  it('stops at 10 MB of output or of a string, and after ten million steps', () => {
    expect(failure('{{ range 10000 }}{{ $.s }}{{ end }}', { s: 'x'.repeat(2000) }).message).toMatch(/output exceeds 10485760 bytes/);
    expect(failure('{{ range 100000000 }}{{ end }}').message).toMatch(/execution exceeds 10000000 steps/);
    expect(failure('{{ $s := "x" }}{{ range 64 }}{{ $s = print $s $s }}{{ end }}').message).toMatch(/result of print exceeds 10485760 bytes/);
  });

  it('stops at 500 levels of nested actions and parentheses', () => {
    const nested = (n: number): string => `${'{{ if true }}'.repeat(n)}{{ ${'('.repeat(n)}1${')'.repeat(n)} }}${'{{ end }}'.repeat(n)}`;
    expect(render(nested(250), {})).toBe('1');
    expect(failure(nested(251), {})).toEqual({ phase: 'parse', message: 'template: check:1: actions and parentheses nested deeper than 500 levels' });
    expect(failure(`${'{{ if true }}'.repeat(50000)}x${'{{ end }}'.repeat(50000)}`).phase).toBe('parse');
  });

  // ----- properties

  it('only ever fails with a GoTemplateError', () => {
    const pieces = fc.constantFrom('{{', '}}', '{{-', '-}}', ' ', '.a', '$', '$x', ':=', '=', '|', '(', ')', '"s"', '`r`', "'c'", '1', '1.5', 'if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'len', 'index', 'printf', 'eq', 'and', 'nil', 'true', '/*', '*/', '\n', 'é');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), fc.jsonValue(), (parts, data) => {
        try {
          parseGoTemplate('check', parts.join('')).execute(data as GoValue);
        } catch (e) {
          expect(e).toBeInstanceOf(GoTemplateError);
        }
      }),
    );
  });

  it('renders text without actions as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('{{')), (text) => {
        expect(render(text, {})).toBe(text);
      }),
    );
  });

  it('prints a value as print does, but for no value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const data = JSON.parse(JSON.stringify({ v: value })) as GoValue;
        const direct = render('{{ .v }}', data);
        expect(direct).toBe(value === null ? '<no value>' : render('{{ print .v }}', data));
      }),
    );
  });

  it('prints a float64 as strconv.FormatFloat(x, g, -1) does', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(render('{{ .x }}', { x }, 'float64')).toBe(formatGoFloat(x, 'g'));
      }),
    );
  });

  it('counts and indexes the bytes of a string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 8 }), (s) => {
        const bytes = Buffer.from(s, 'utf8');
        expect(render('{{ len .s }}', { s })).toBe(String(bytes.length));
        if (bytes.length > 0) expect(render('{{ index .s 0 }}', { s })).toBe(String(bytes[0]));
      }),
    );
  });

  it('ranges over a map in the byte order of its keys', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 3 }), fc.constant(1)), (m) => {
        const keys = Object.keys(m).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        expect(render('{{ range $k, $v := .m }}{{ $k }}\n{{ end }}', { m })).toBe(keys.map((k) => `${k}\n`).join(''));
      }),
    );
  });
});
