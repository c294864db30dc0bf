/*
 * Differential test of src/custom-rules/go-template against Go's text/template (test/oracles/go-template,
 * see README.md), as Polaris renders the JSON Schema of a custom check: template.New(name) with
 * hasPrefix and hasSuffix, Parse, Execute with the object. Hand-written templates (everything a
 * check's schema is written with, and the corners of lexing, parsing, printing, comparison and
 * errors) on fixed Kubernetes objects, and templates generated from a grammar of actions,
 * pipelines, functions and field chains on random objects. Per case both must fail or both
 * succeed with the same output, and give the same error text; a difference must be a known one
 * (KNOWN below).
 *
 *   npx vitest run test/oracles/go-template.oracle.test.ts
 *   GOTEMPLATE_ORACLE_SEED=random GOTEMPLATE_ORACLE_RUNS=50000 npx vitest run test/oracles/go-template.oracle.test.ts
 *   GOTEMPLATE_ORACLE_SHOW=1 npx vitest run test/oracles/go-template.oracle.test.ts   # every difference, known ones too
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoTemplateError, parseGoTemplate, type GoValue } from '../../src/custom-rules/go-template/index.js';
import { buildGoOracle, goAvailable } from './go-oracle.js';
import { type Draw, pick, weighted } from './draw.js';

const ORACLE_DIR = fileURLToPath(new URL('./go-template/', import.meta.url));
const HAVE_GO = goAvailable('go-template');
const RUNS = Number(process.env.GOTEMPLATE_ORACLE_RUNS ?? 3000);
const SEED = process.env.GOTEMPLATE_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.GOTEMPLATE_ORACLE_SEED ?? 20261206);
const SHOW = process.env.GOTEMPLATE_ORACLE_SHOW === '1';

let built: { readonly binary: string; remove(): void } | undefined;
beforeAll(() => {
  if (HAVE_GO) built = buildGoOracle(ORACLE_DIR, 'go-template');
}, 900_000);
afterAll(() => built?.remove());

type Numbers = 'int64' | 'float64' | 'int';

interface Case {
  readonly name: string;
  readonly text: string;
  readonly data: GoValue;
  readonly numbers: Numbers;
}

type Answer = { readonly output: string } | { readonly error: string; readonly phase: string };

// ---------------------------------------------------------------------------------------------
// Fixed objects: workloads as Polaris checks see them, and odd values.

const FIXTURES: GoValue[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'web', version: '1.0' },
      annotations: { owner: 'team-a@example.com', 'polaris.fairwinds.com/exempt': 'false', note: 'Grüße 😀 <b>&amp;</b>' },
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 0,
      paused: false,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/shop/web:1.25',
              ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 443 }],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.25, memory: 134217728 } },
              env: [{ name: 'MODE', value: 'prod' }, { name: 'EMPTY', value: '' }],
              args: ['--port', '8080'],
              securityContext: { runAsNonRoot: true, runAsUser: 1000, privileged: false, readOnlyRootFilesystem: true },
            },
            { name: 'sidecar', image: 'envoyproxy/envoy:latest', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } } },
          ],
          volumes: [],
          hostNetwork: false,
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'odd', namespace: null, labels: { app: 'odd', 'ünïcode': 'välue', '日本': '語', empty: '', num: '42', yes: 'true' }, annotations: {} },
    spec: {
      containers: [{ name: 'c', image: 'alpine', args: ['--x=1', 8080, null, true, ['nested'], { k: 'v' }], securityContext: null }],
      half: 0.5,
      whole: 2.0,
      million: 1e6,
      big: 1e21,
      tiny: 1.5e-7,
      safe: 2 ** 53,
      huge: 2 ** 63,
      negative: -7,
      zero: 0,
      frac: 123456.789,
      nothing: null,
      empty: [],
      emptyMap: {},
      list: [1, 1.5, 'a', true, null],
      nested: [[1, 2], [3, [4.5, 'x']], []],
      text: 'a\tb\nc "quoted" \\ %d <no value>',
      flag: true,
      word: 'true',
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
    kind: 'ConfigMap',
    metadata: { name: 'settings' },
    data: { Zeta: 'z', alpha: 'a', 'ñ': 'n', '\uFFFF': 'high', 'ﬁ': 'ligature', '😀': 'emoji', 'emoji😀': '😀', '10': 'ten', '9': 'nine', '': 'empty' },
  },
  { kind: 'Broken', metadata: ['a', { name: 'x' }], spec: 'text' },
  {},
];

// ---------------------------------------------------------------------------------------------
// Hand-written templates.

const POLARIS_EXAMPLES = [
  // The examples of Polaris' documentation of templated custom checks.
  `const: "{{ .metadata.name }}"
anyOf:
{{ range $key, $value := .metadata.labels }}
- properties:
    "{{ $key }}":
      type: string
      const: {{ $value }}
  required: ["{{ $key }}"]
{{ end }}`,
  `type: object
properties:
  metadata:
    properties:
      name:
        pattern: "^{{ .metadata.namespace }}-"
  spec:
    properties:
      replicas:
        minimum: {{ if eq .kind "Deployment" }}2{{ else }}1{{ end }}`,
  `{{- /* containers must come from the object's own registry */ -}}
properties:
  containers:
    items:
      properties:
        image:
          pattern: ^{{ with .metadata.annotations }}{{ index . "registry" }}{{ else }}quay.io{{ end }}/`,
  `{{ $ns := .metadata.namespace -}}
{{- range .spec.template.spec.containers }}
- name: {{ .name }}
  image: {{ printf "%q" .image }}
  {{- if hasPrefix .image "registry.example.com/" }} # trusted{{ end }}
  {{- if hasSuffix .image ":latest" }} # latest{{ end }}
  namespace: {{ $ns }}
{{- end }}`,
  `anyOf:
{{- range $i, $c := .spec.template.spec.containers }}
  - properties:
      name: { const: {{ $c.name | printf "%q" }} }
      index: { const: {{ $i }} }
{{- else }}
  - {}
{{- end }}`,
];

const HAND_WRITTEN: string[] = [
  ...POLARIS_EXAMPLES,
  // text, trim markers, comments
  '',
  'plain text, no actions',
  '{{ "a" }} {{ "b" }}',
  'a  {{- "b" -}}  c',
  'a \n\t {{- "b" }} \n c',
  'a {{ "b" -}} \r\n\t c',
  'a{{- "b"}}',
  '{{-3}}',
  '{{- 3 -}}',
  'x {{/* comment */}} y',
  'x {{- /* comment */ -}} y',
  'x {{/* multi\nline */}} y',
  '{{/* unclosed comment }}',
  '{{/* comment */ 3}}',
  '{{- /*comment*/}}',
  // literals
  '{{ "interpreted \\t \\n \\x41 \\u00e9 \\U0001F600 \\101 \\\\ \\"" }}',
  '{{ `raw \\n "string"` }}',
  '{{ `multi\nline` }}',
  '{{ "\\z" }}',
  '{{ "\\xff\\xfe" | printf "%q" }}',
  '{{ "\\377" | len }}',
  "{{ 'a' }} {{ '\\n' }} {{ '\\x41' }} {{ 'é' }} {{ '\\u00e9' }} {{ '😀' }}",
  "{{ 'ab' }}",
  "{{ '' }}",
  '{{ 0 }} {{ -1 }} {{ +7 }} {{ 1_000 }} {{ 0x1F }} {{ 0X1f }} {{ 0o17 }} {{ 017 }} {{ 0b101 }}',
  '{{ 1.5 }} {{ 1. }} {{ .5 }} {{ 1e3 }} {{ 1E-3 }} {{ 2.0 }} {{ 1e6 }} {{ 1e21 }} {{ 1e20 }} {{ 123456789.0 }} {{ 0.000012 }}',
  '{{ 0x1p-2 }} {{ 0x1.8p1 }} {{ 1_0.5 }}',
  '{{ 9223372036854775807 }} {{ -9223372036854775808 }}',
  '{{ 9223372036854775808 }}',
  '{{ 18446744073709551615 }}',
  '{{ 18446744073709551616 }}',
  '{{ 0xFFFFFFFFFFFFFFFF }}',
  '{{ 1e400 }}',
  '{{ 08 }}',
  '{{ 1__0 }}',
  '{{ 0x }}',
  '{{ 1a }}',
  '{{ 1i }} {{ 2.5i }} {{ 0i }} {{ 1+2i }} {{ -1-0.5i }}',
  '{{ eq 1i 1i }} {{ not 0i }}',
  '{{ 0x1+2i }}',
  '{{ true }} {{ false }} {{ nil }}',
  '{{ print nil }} {{ print true false }}',
  // fields and variables
  '{{ .metadata.name }}',
  '{{ .metadata.labels.app }}',
  '{{ .metadata.missing }} {{ .missing.deeper.still }}',
  '{{ .metadata.namespace }}',
  '{{ .metadata.namespace.x }}',
  '{{ .kind.x }}',
  '{{ .spec.replicas.x }}',
  '{{ .spec.template.spec.containers.name }}',
  '{{ .spec.nothing }} {{ .spec.nothing.x }}',
  '{{ . }}',
  '{{ .metadata }}',
  '{{ .metadata.labels }}',
  '{{ .spec.template.spec.containers }}',
  '{{ .data }}',
  '{{ $ }}',
  '{{ $.metadata.name }}',
  '{{ $.kind }} {{ $.missing.x }}',
  '{{ $x := .metadata.name }}{{ $x }}',
  '{{ $x := .metadata }}{{ $x.name }} {{ $x.labels.app }}',
  '{{ $x := 1 }}{{ $x = 2 }}{{ $x }}',
  '{{ $x = 2 }}',
  '{{ $x }}',
  '{{ $x := 1 }}{{ $x := 2 }}{{ $x }}',
  '{{ if true }}{{ $x := 1 }}{{ end }}{{ $x }}',
  '{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}',
  '{{ $x, $y := 1 }}',
  '{{ $x := 1 2 }}',
  '{{ $x 1 }}',
  '{{ $.metadata.name.x.y }}',
  '{{ (.metadata).name }}',
  '{{ (index .spec.template.spec.containers 0).image }}',
  '{{ (1).x }}',
  '{{ ("a").x }}',
  '{{ "a".x }}',
  '{{ 1.x }}',
  '{{ nil.x }}',
  '{{ ..x }}',
  '{{ .metadata.name 1 }}',
  '{{ 1 | .metadata.name }}',
  '{{ len.x }}',
  '{{ .metadata.labels.app.kubernetes.io }}',
  '{{ .metadata.labels."app" }}',
  '{{ .ünïcode }} {{ .metadata.labels.ünïcode }}',
  '{{ .metadata.labels.日本 }}',
  '{{ .a€ }}',
  // characters Unicode assigned after 15.0 (Go 1.26's tables) are neither letters nor printable in Go
  '{{ printf "%q %+q %#U" "\\U0001E5D0\\u0897" "\\U0001E5D0" 0x10D50 }} {{ js "\\U0001E5D0" }}',
  '{{ .x\u{10D50} }}',
  '{{ .a-b }}',
  '{{ .a+b }}',
  '{{ $a€ }}',
  // if / else / with
  '{{ if .metadata.labels.app }}yes{{ end }}',
  '{{ if .metadata.labels.missing }}yes{{ else }}no{{ end }}',
  '{{ if 0 }}a{{ else if "" }}b{{ else if 0.0 }}c{{ else if .spec.emptyMap }}d{{ else if .spec.empty }}e{{ else if nil }}f{{ else }}g{{ end }}',
  '{{ if 1 }}a{{ end }}{{ if "x" }}b{{ end }}{{ if -0.5 }}c{{ end }}{{ if .spec }}d{{ end }}{{ if 0i }}e{{ end }}{{ if 1i }}f{{ end }}',
  '{{ if .spec.replicas }}{{ .spec.replicas }}{{ end }}',
  '{{ if .spec.nothing }}a{{ else }}b{{ end }}',
  '{{ with .metadata.labels }}{{ .app }}{{ end }}',
  '{{ with .metadata.labels.missing }}yes{{ else }}no{{ end }}',
  '{{ with $x := .metadata.name }}{{ $x }}-{{ . }}{{ end }}',
  '{{ with .missing }}a{{ else with .metadata }}{{ .name }}{{ else }}c{{ end }}',
  '{{ with .spec.replicas }}{{ .x }}{{ end }}',
  '{{ with .kind }}{{ .x }}{{ end }}',
  '{{ if }}{{ end }}',
  '{{ if true }}',
  '{{ if true }}{{ else }}{{ else }}{{ end }}',
  '{{ end }}',
  '{{ else }}',
  '{{ if true }}{{ else if }}{{ end }}',
  '{{ with }}{{ end }}',
  '{{ if true }}a{{ else with .x }}b{{ end }}',
  '{{ if $x := 1 }}{{ $x }}{{ end }}{{ $x }}',
  // range
  '{{ range .spec.template.spec.containers }}{{ .name }},{{ end }}',
  '{{ range $i, $c := .spec.template.spec.containers }}{{ $i }}={{ $c.name }};{{ end }}',
  '{{ range $c := .spec.template.spec.containers }}{{ $c.image }};{{ end }}',
  '{{ range $k, $v := .metadata.labels }}{{ $k }}={{ $v }};{{ end }}',
  '{{ range .metadata.labels }}{{ . }};{{ end }}',
  '{{ range $k, $v := .data }}[{{ $k }}]{{ end }}',
  '{{ range .spec.empty }}x{{ else }}empty{{ end }}',
  '{{ range .missing }}x{{ else }}none{{ end }}',
  '{{ range .spec.nothing }}x{{ else }}nil{{ end }}',
  '{{ range .spec.emptyMap }}x{{ else }}empty map{{ end }}',
  '{{ range .spec.list }}[{{ . }}]{{ end }}',
  '{{ range .spec.nested }}{{ range . }}<{{ . }}>{{ end }}|{{ end }}',
  '{{ range 3 }}{{ . }}{{ end }}',
  '{{ range $i := 4 }}{{ $i }}{{ end }}',
  '{{ range 0 }}x{{ else }}zero{{ end }}',
  '{{ range -2 }}x{{ else }}negative{{ end }}',
  '{{ range $i, $v := 3 }}{{ end }}',
  '{{ range 1.5 }}{{ end }}',
  '{{ range "abc" }}{{ end }}',
  '{{ range true }}{{ end }}',
  '{{ range .kind }}{{ end }}',
  '{{ range .spec.replicas }}{{ . }}{{ end }}',
  '{{ range (len .metadata.labels) }}{{ . }}{{ end }}',
  '{{ range $i, $v := .spec.list }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $v }}{{ end }}',
  '{{ range $i, $v := .spec.list }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $v }}{{ end }}',
  '{{ range .spec.nested }}{{ range . }}{{ break }}{{ end }}x{{ end }}',
  '{{ range 5 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}',
  '{{ break }}',
  '{{ continue }}',
  '{{ range .x }}{{ break 1 }}{{ end }}',
  '{{ range .spec.list }}{{ else }}{{ break }}{{ end }}',
  '{{ range $i, $v, $w := .spec.list }}{{ end }}',
  '{{ range $i, 3 := .spec.list }}{{ end }}',
  '{{ range $i, := .spec.list }}{{ end }}',
  '{{ $i := 0 }}{{ $v := 0 }}{{ range $i, $v = .spec.template.spec.containers }}{{ end }}{{ $i }} {{ $v.name }}',
  '{{ $v := 0 }}{{ range $v = .metadata.labels }}{{ end }}{{ $v }}',
  '{{ range $k, $v := . }}{{ $k }} {{ end }}',
  '{{ range $i, $e := .metadata }}{{ $i }}{{ end }}',
  // define, template, block
  '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" .metadata.name }}{{ template "x" }}',
  '{{ define "x" }}{{ .name }}{{ end }}{{ range .spec.template.spec.containers }}{{ template "x" . }},{{ end }}',
  '{{ template "missing" }}',
  '{{ block "b" .metadata }}{{ .name }}{{ end }}|{{ template "b" .spec.selector }}',
  '{{ define "x" }}a{{ end }}{{ define "x" }}b{{ end }}',
  '{{ define "x" }} {{ end }}{{ define "x" }}b{{ end }}{{ template "x" }}',
  '{{ define "t" }}inner{{ end }}outer',
  '{{ define "t" }}{{ template "t" . }}{{ end }}{{ template "t" . }}',
  '{{ define "r" }}{{ if . }}{{ template "r" (slice . 1) }}{{ end }}{{ end }}{{ template "r" (printf "%3000s" "") }}done',
  `${'{{ if true }}'.repeat(5000)}deep${'{{ end }}'.repeat(5000)}`,
  `{{ ${'('.repeat(5000)}1${')'.repeat(5000)} }}`,
  `{{ ${'('.repeat(10001)}1${')'.repeat(10001)} }}`,
  '{{ define "x" }}{{ $ }}{{ end }}{{ template "x" 5 }}',
  '{{ define "x" }}{{ $y }}{{ end }}{{ $y := 1 }}',
  '{{ define "x" }}{{ break }}{{ end }}',
  '{{ define x }}{{ end }}',
  '{{ define "x" }}',
  '{{ define "x" }}{{ else }}{{ end }}',
  '{{ template .x }}',
  '{{ template "x" 1 2 }}',
  '{{ define "a" }}{{ template "b" . }}{{ end }}{{ define "b" }}({{ . }}){{ end }}{{ template "a" .kind }}',
  '{{ define "x" }}{{ .metadata.nope.x }}{{ end }}{{ template "x" . }}',
  '{{ define "x" }}{{ .a.b }}{{ end }}{{ template "x" .spec }}',
  // printing
  '{{ .spec.half }} {{ .spec.whole }} {{ .spec.million }} {{ .spec.big }} {{ .spec.tiny }} {{ .spec.safe }} {{ .spec.huge }} {{ .spec.negative }} {{ .spec.zero }} {{ .spec.frac }}',
  '{{ .spec.list }} {{ .spec.nested }} {{ .spec.emptyMap }} {{ .spec.empty }} {{ .spec.text }}',
  '{{ .spec.template.spec.containers }}',
  '{{ index .spec.template.spec.containers 0 }}',
  '{{ print .spec.half .spec.whole "x" 1 2 "y" "z" }}',
  '{{ println .spec.half "x" 1 }}',
  '{{ print }}{{ println }}',
  '{{ print .missing .spec.nothing }}',
  // printf
  '{{ printf "%s|%v|%d|%q|%t|%x|%X|%o|%b|%c|%U" "s" "v" 3 "q" true 255 255 8 5 65 65 }}',
  '{{ printf "%d %s %t" "x" 3 "y" }}',
  '{{ printf "%5s|%-5s|%05d|%-5d|%+d|% d|%x|%#x|%#o|%#b|%08.3f" "ab" "ab" 42 42 42 42 -255 255 8 5 3.14159 }}',
  '{{ printf "%.2f|%.0f|%.0f|%.0f|%e|%E|%.3e|%g|%G|%.3g|%#g|%#.3g" 1.005 0.5 1.5 2.5 123456.789 0.000123 1e21 1e21 1e-7 1234567.0 1.0 2.0 }}',
  '{{ printf "%f %f %e %g %v" .spec.half .spec.big .spec.tiny .spec.million .spec.frac }}',
  '{{ printf "%b|%x|%X|%.3x|%#x" 1.5 1.5 -0.1 1.0 3.0 }}',
  '{{ printf "%v|%+v|%#v" .metadata.labels .metadata.labels .metadata.labels }}',
  '{{ printf "%#v %#v %#v %#v %#v" .spec.list 1 "a" 1.0 nil }}',
  '{{ printf "%s" .spec.list }} {{ printf "%d" .spec.list }} {{ printf "%q" .spec.list }} {{ printf "%x" .spec.list }}',
  '{{ printf "%s" .metadata.labels }}',
  '{{ printf "%v %d %s" nil nil nil }}',
  '{{ printf "%T %T %T %T %T %T %T %T" . .spec.list .spec.half .spec.negative "s" 1 true nil }}',
  '{{ printf "%d" }} {{ printf "%d %d" 1 }} {{ printf "x" 1 "a" }} {{ printf "%!" }} {{ printf "%" }} {{ printf "%z" 1 }}',
  '{{ printf "%[2]s %[1]s" "a" "b" }} {{ printf "%[3]d" 1 }} {{ printf "%[x]d" 1 }} {{ printf "%[1]d %d" 1 2 }}',
  '{{ printf "%*d|%-*d|%.*f|%*d" 5 1 5 2 2 3.14159 "x" 3 }}',
  '{{ printf "%.3s|%.1s|%5.1s|%.0s" "abcdef" "é😀" "xyz" "abc" }}',
  '{{ printf "%q %+q %#q %#q" "é\\n" "é" "raw" "back`quote" }}',
  '{{ printf "%x % x %#x %X" "héllo" "hi" "hi" "\\xff" }}',
  '{{ printf "%c %c %c %q %U %#U %#U" 0x1F600 -1 0x110000 0x1F600 0x1F600 0x1F600 10 }}',
  '{{ printf "%5t|%-6v|%06v" true false 3.5 }}',
  '{{ printf "%6.2f|%-8.3e|%+.1f|% .1f|%010.4f" -3.14159 1234.5 2.25 2.35 -3.5 }}',
  '{{ printf "%v %v" (index .spec.list 1) 1e100 }}',
  '{{ printf "%w" "x" }} {{ printf "%w" .spec.list }}',
  '{{ printf "%p" "x" }} {{ printf "%p" nil }}',
  '{{ printf "%p" .metadata.labels }}',
  '{{ printf "%s" }}',
  '{{ printf 3 }}',
  '{{ printf .metadata.name }}',
  '{{ printf .spec.replicas }}',
  '{{ printf .missing }}',
  '{{ printf nil }}',
  '{{ "%d items" | printf }}',
  '{{ 3 | printf "%d items" }}',
  '{{ .metadata.name | printf "%s-%s" "prefix" }}',
  '{{ printf "%v" .metadata.labels.app | printf "%q" }}',
  '{{ printf "%s" "a%b" | printf }}',
  // html, js, urlquery
  `{{ html "<a href='x'>\\"&\\x00" }} {{ html .metadata.annotations.note }} {{ html 1 2 "x" }} {{ html }} {{ html nil }} {{ html .missing }}`,
  '{{ js "a\'b\\"c\\\\d<e>&=\\n\\u2028é😀\\x7f\\x01" }} {{ js .spec.list }} {{ js "\\xff" }}',
  '{{ urlquery "a b&c=d/é?x#y~z" }} {{ urlquery .metadata.labels }} {{ urlquery 1 "a" }}',
  // and, or, not
  '{{ and 1 2 }} {{ and 0 2 }} {{ and 1 "" }} {{ or 0 "" }} {{ or 0 "x" 3 }} {{ and .metadata.name .kind }} {{ or .missing .kind }}',
  '{{ and }}',
  '{{ or .missing }}',
  '{{ and false (index .spec.list 99) }} {{ or true (index .spec.list 99) }}',
  '{{ and true (index .spec.list 99) }}',
  '{{ not 0 }} {{ not 1 }} {{ not "" }} {{ not .missing }} {{ not .spec.nothing }} {{ not .spec.list }} {{ not .spec.emptyMap }}',
  '{{ not }}',
  '{{ not 1 2 }}',
  '{{ .metadata.name | and 1 }} {{ 0 | or .missing }}',
  // comparisons
  '{{ eq 1 1 }} {{ eq 1 2 }} {{ eq "a" "a" }} {{ eq 1.5 1.5 }} {{ eq true false }} {{ eq nil nil }}',
  '{{ eq .spec.replicas 3 }} {{ eq .kind "Deployment" }} {{ eq .metadata.labels.app "web" "x" }}',
  '{{ eq 1 2 3 1 }} {{ eq "x" "a" "b" }}',
  '{{ eq 1 }}',
  '{{ eq }}',
  '{{ eq 1 1.0 }}',
  '{{ eq .spec.replicas 3.0 }}',
  '{{ eq .spec.half 0.5 }} {{ eq .spec.whole 2 }}',
  '{{ eq 1 "1" }}',
  '{{ eq .missing "x" }} {{ eq "x" .missing }} {{ eq .missing nil }} {{ eq .spec.nothing nil }} {{ eq .missing .spec.nothing }}',
  '{{ eq .metadata .metadata }}',
  '{{ eq .metadata .spec.list }}',
  '{{ eq .spec.list .spec.list }}',
  '{{ eq .metadata nil }} {{ eq nil .spec.list }}',
  '{{ eq .metadata "x" }}',
  '{{ eq (index "a" 0) 97 }} {{ eq 97 (index "a" 0) }} {{ eq -1 (index "a" 0) }}',
  '{{ ne 1 2 }} {{ ne "a" "a" }} {{ ne .missing nil }}',
  '{{ ne 1 2 3 }}',
  '{{ lt 1 2 }} {{ le 2 2 }} {{ gt 3 2 }} {{ ge 1 2 }} {{ lt 1.5 2.5 }} {{ lt "a" "b" }} {{ lt "Z" "a" }} {{ lt "é" "z" }} {{ lt "\\uFFFF" "😀" }}',
  '{{ lt 1 2.0 }}',
  '{{ lt true false }}',
  '{{ lt nil 1 }}',
  '{{ lt 1 nil }}',
  '{{ lt .metadata 1 }}',
  '{{ lt 1i 2i }}',
  '{{ lt .spec.replicas 5 }} {{ gt .spec.replicas 1 }} {{ ge .spec.half 0.5 }}',
  '{{ lt (index "a" 0) 98 }} {{ gt -1 (index "a" 0) }} {{ le (index "b" 0) (index "a" 0) }}',
  '{{ lt 1 }}',
  '{{ le 1 "a" }}',
  '{{ gt .missing 1 }}',
  // len, index, slice
  '{{ len .metadata.labels }} {{ len .spec.template.spec.containers }} {{ len .metadata.name }} {{ len "é😀" }} {{ len "" }}',
  '{{ len .missing }}',
  '{{ len .spec.nothing }}',
  '{{ len 3 }}',
  '{{ len nil }}',
  '{{ len }}',
  '{{ index .spec.template.spec.containers 1 }}',
  '{{ index .spec.template.spec.containers 0 "name" }}',
  '{{ (index .spec.template.spec.containers 1).securityContext.capabilities.add }}',
  '{{ index .metadata.labels "app" }} {{ index .metadata.labels "missing" }} {{ index .metadata.labels "app.kubernetes.io/name" }}',
  '{{ index .metadata.annotations "polaris.fairwinds.com/exempt" }}',
  '{{ index .spec.list 5 }}',
  '{{ index .spec.list -1 }}',
  '{{ index .spec.list 2 }}',
  '{{ index .spec.list "a" }}',
  '{{ index .spec.list 1.0 }}',
  '{{ index .spec.list nil }}',
  '{{ index .metadata.labels 1 }}',
  '{{ index .metadata.labels nil }}',
  '{{ index "héllo" 1 }} {{ index "héllo" 2 }} {{ index "abc" 2 }}',
  '{{ index "abc" 3 }}',
  '{{ index .missing 0 }}',
  '{{ index .spec.nothing 0 }}',
  '{{ index nil 0 }}',
  '{{ index 3 0 }}',
  '{{ index .spec.nested 1 1 0 }} {{ index .spec.nested 1 1 1 }}',
  '{{ index .spec.nested 1 1 0 0 }}',
  '{{ index .metadata.labels }}',
  '{{ index . "kind" }} {{ index . "metadata" "name" }}',
  '{{ index .spec.list (index .spec.list 0) }}',
  '{{ slice .spec.list 1 3 }} {{ slice .spec.list 2 }} {{ slice .spec.list }} {{ slice .spec.list 1 2 3 }}',
  '{{ slice .spec.list 0 8 }}',
  '{{ slice .spec.list 0 9 }}',
  '{{ slice .spec.list 6 }}',
  '{{ slice .spec.list 3 1 }}',
  '{{ slice .spec.list 0 2 1 }}',
  '{{ slice .spec.list 1 2 3 4 }}',
  '{{ slice (slice .spec.list 0 1) 0 3 }}',
  '{{ slice (slice .spec.list 0 1 2) 0 3 }}',
  '{{ slice "héllo" 1 3 | printf "%q" }} {{ slice "héllo" 1 2 | printf "%q" }} {{ slice "héllo" 2 }} {{ slice "abc" }}',
  '{{ slice "abc" 0 1 2 }}',
  '{{ slice "abc" 4 }}',
  '{{ slice .metadata.labels 1 }}',
  '{{ slice nil 1 }}',
  '{{ slice 3 }}',
  '{{ slice .spec.list .spec.zero }}',
  '{{ slice .spec.list (len "a") }}',
  '{{ slice .spec.list 1.0 }}',
  '{{ len (slice .spec.list 1 5) }}',
  '{{ $s := slice "é" 0 1 }}{{ $t := slice "é" 1 }}{{ print $s $t }} {{ eq (print $s $t) "é" }} {{ len $s }}',
  '{{ $s := slice "é" 0 1 }}{{ $s }}',
  // hasPrefix, hasSuffix
  '{{ hasPrefix .metadata.name "w" }} {{ hasSuffix .metadata.name "eb" }} {{ hasPrefix "abc" "" }} {{ hasSuffix "" "x" }}',
  '{{ hasPrefix .missing "x" }}',
  '{{ hasPrefix .spec.nothing "x" }}',
  '{{ hasPrefix .spec.replicas "3" }}',
  '{{ hasPrefix 3 "3" }}',
  '{{ hasPrefix nil "x" }}',
  '{{ hasPrefix "a" }}',
  '{{ hasPrefix "a" "b" "c" }}',
  '{{ "abc" | hasPrefix "a" }} {{ "a" | hasPrefix "abc" }}',
  '{{ hasPrefix (slice "é" 0 1) (slice "é" 0 1) }} {{ hasPrefix "é" (slice "é" 0 1) }}',
  '{{ hasPrefix (index .spec.template.spec.containers 0).image "registry." }}',
  // call
  '{{ call .metadata.name }}',
  '{{ call .missing }}',
  '{{ call nil }}',
  '{{ call }}',
  '{{ call 1 2 }}',
  '{{ .kind | call }}',
  // pipelines
  '{{ .metadata.name | len }}',
  '{{ .metadata.labels | len | printf "%d labels" }}',
  '{{ "x" | print "a" "b" }}',
  '{{ 1 | 2 }}',
  '{{ .x | "a" }}',
  '{{ . | . }}',
  '{{ .metadata | nil }}',
  '{{ nil }}',
  '{{ (nil) }}',
  '{{ print (nil) }}',
  '{{ (1 2) }}',
  '{{ (print 1 2) }}',
  '{{ ("a") 1 }}',
  '{{ . 1 }}',
  '{{ "a" 1 }}',
  '{{ 3 | not }}',
  '{{ | }}',
  '{{ print | print }}',
  '{{ (print .metadata.name | len) }}',
  '{{ ((((((1)))))) }}',
  '{{ (((1)) }}',
  '{{ (1))) }}',
  '{{ ) }}',
  // more lexing corners, complex constants, $ and variables, printf
  '{{ "}}" }} {{ "{{" }} {{ `}}` }}',
  '{{/* }} */}}',
  'a\r\n{{- 1 -}}\r\nb',
  '{{/* */-}}',
  '{{-/* */}}',
  '{{- -}}',
  '{{--}}',
  '{{ - }}',
  '{{ + }}',
  '{{  }}',
  '{{\n}}',
  '{{ (  ) }}',
  '{{ print(1) }}',
  '{{ print (1)(2) }}',
  '{{ .a(1) }}',
  '{{ $x:=1 }}{{$x}}',
  '{{ $x , $y := 1 }}',
  '{{ range $x,$y := .spec.list }}{{ $x }}{{ end }}',
  '{{ -.5 }} {{ +.5e1 }} {{ 0x_1 }} {{ 0_1 }} {{ 0b_1 }} {{ 0o_7 }} {{ 08.5 }} {{ 0x1p+2 }} {{ 1E+2i }}',
  '{{ 0x1.p1 }} {{ 0x.8p1 }}',
  '{{ 0xp1 }}',
  '{{ 1_ }}',
  '{{ 1e+ }}',
  '{{ 1..2 }}',
  '{{ 0b2 }}',
  '{{ 00 }}{{ 007 }}',
  '{{ .a٣ }}',
  '{{ .٣a }}',
  '{{ $_ := 2 }}{{ $_ }}',
  '{{ \'\\\'\' }} {{ \'"\' }} {{ "\'" }}',
  '{{ 1+i }}',
  '{{ 0x1p4+1i }} {{ 1+0x1p1i }} {{ 07+1i }} {{ -0-0i }} {{ 1e+1-1e-1i }}',
  '{{ 1e999+1i }}',
  '{{ 0x1+1i }}',
  '{{ 0b1+1i }}',
  '{{ 1__0+1i }}',
  '{{ $ = 1 }}{{ $ }}',
  '{{ with $ := 5 }}{{ $ }}{{ end }}{{ $.kind }}',
  '{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" $y := 2 }}{{ $y }}',
  '{{ $x := 1 }}{{ range $x := .spec.list }}{{ $x }}{{ end }}{{ $x }}',
  '{{ $x := 1 }}{{ 2 | $x }}',
  '{{ 3 | (1) }}',
  '{{ .metadata.labels.app 1 }}',
  '{{ (.metadata).name 1 }}',
  '{{ 2 | (.metadata).name }}',
  '{{ range $i, $v := .metadata.labels }}{{ printf "%T %T" $i $v }}{{ end }} {{ range $i, $v := .spec.list }}{{ printf "%T" $i }}{{ end }} {{ range $v := 2 }}{{ printf "%T" $v }}{{ end }}',
  '{{ .spec.list | slice 1 }}',
  '{{ 1 | index .spec.list }}',
  '{{ .spec.list | and 1 }} {{ 0 | or 1 }}',
  '{{ printf "%08.3f|%-08.3f|%+08d|% 08d|%08s|%-08q" -3.5 2.5 42 42 "ab" "c" }}',
  '{{ printf "%[1]*[2]d|%-[1]*[2]d|%[3]v" 5 3 }}',
  '{{ printf "%.[2]d %3.[2]d" 1 2 }}',
  '{{ printf "%*s" -5 "a" }}|{{ printf "%.*s" -1 "abc" }}|{{ printf "%*s" 10000000 "a" }}',
  '{{ printf "%#g %#.4g %#e %#.0f %#x" 123.0 1.0 1.0 3.0 1.0 }}',
  '{{ printf "%b" 0.1 }} {{ printf "%e" 0.0 }} {{ printf "%g %v" -0.0 1e-320 }}',
  '{{ printf "%5c|%-4q|%08U|%.6U|%#8U" 97 98 0x1F 0x41 0x41 }}',
  '{{ printf "%d %x %o %b %X %#x" -9223372036854775808 -255 -8 -5 255 -1 }}',
  '{{ printf "%s %v %d %#v %T" (index "ab" 0) (slice "ab" 1) (index "ab" 0) (index "ab" 0) (index "ab" 0) }}',
  // errors
  '{{',
  '{{ .x',
  '{{ .x }',
  '}}',
  '{{ "unterminated }}',
  '{{ `unterminated }}',
  "{{ 'x }}",
  '{{ "a\nb" }}',
  '{{ unknownFunc 1 }}',
  '{{ Printf "x" }}',
  '{{ .x := 1 }}',
  '{{ $x : 1 }}',
  '{{ $x 1 := 2 }}',
  '{{ @ }}',
  '{{ # }}',
  '{{ € }}',
  '{{ .x,y }}',
  '{{ 1 , 2 }}',
  '{{ = }}',
  'line one\n{{ .x\n.y }}',
  'line one\n{{ if true }}\nline three\n',
  'a\nb\n{{ end }}',
  '{{ if true }}\n{{ else }}\n{{ else }}\n{{ end }}',
  '{{ range $i, $v := .spec.list }}\n{{ $w }}\n{{ end }}',
  '{{\n.metadata.name\n}}',
  '{{ .metadata.name\n| len }}',
  'x {{- "unclosed',
  '{{ define "a" }}{{ if true }}{{ end }}',
  '{{ block "b" }}{{ end }}',
  '{{ template }}',
  '{{ template "x" | }}',
  '{{ else if true }}',
  '{{ with $x := 1 }}{{ else with $x }}{{ $x }}{{ end }}',
]

// ---------------------------------------------------------------------------------------------
// Generated templates: actions, pipelines, functions and field chains over random objects. What a
// range iterates over is a list, a map or a small integer, so that no case runs forever.


const FIELD_PATHS = [
  '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.labels.app', '.metadata.annotations', '.metadata.annotations.owner', '.kind',
  '.apiVersion', '.spec', '.spec.replicas', '.spec.template.spec.containers', '.spec.containers', '.spec.list', '.spec.nested', '.spec.number', '.spec.text',
  '.spec.flag', '.spec.nothing', '.spec.empty', '.missing', '.missing.x', '.metadata.name.x', '.spec.list.x', '.metadata', '.data', '.spec.map', '.spec.map.k',
];
const ELEMENT_FIELDS = ['name', 'image', 'ports', 'securityContext', 'privileged', 'x', 'containerPort', 'k', 'app'];
const RANGE_OPERANDS = [
  '.metadata.labels', '.metadata.annotations', '.spec.template.spec.containers', '.spec.containers', '.spec.list', '.spec.nested', '.spec.map', '.data', '.missing',
  '.spec.nothing', '.spec.empty', '.metadata', '$.metadata.labels', '0', '1', '3', '-1', 'nil', '(len .spec.list)', '(slice .spec.list 1)', '.spec.text', '1.5',
  '(index .spec.nested 0)', '(or .missing .spec.list)', '(and .spec.list .metadata.labels)', '$.data', 'true', '(index .spec.list 0)',
];
const STRINGS = ['""', '"a"', '"web"', '"app"', '"x y"', '"é"', '"😀"', '"%d"', '"%v|%s"', '"\\n"', '"\\t"', '"<&>"', '`raw`', '"Deployment"', '"registry.example.com/"', '":latest"', '"\\xff"'];
const NUMBERS = ['0', '1', '2', '3', '-1', '7', '1.5', '0.5', '2.0', '1e6', '1e21', '-0.0', '0x1F', "'a'", '1_000', '0o17', '9223372036854775807', '1i'];
const FORMATS = ['"%v"', '"%s"', '"%d"', '"%q"', '"%x"', '"%5v|"', '"%-4s|"', '"%t"', '"%.2f"', '"%g"', '"%e"', '"%T"', '"%v %v"', '"%[2]v %[1]v"', '"%c"', '"%U"', '"%+v"', '"%#v"', '"%08.3f"', '"%x %X"', '"%%"', '"%!"', '"%"', '"%z"'];
/** Each function with the numbers of arguments it takes (any other count is tried now and then). */
const FUNCTIONS: readonly (readonly [string, number, number])[] = [
  ['and', 1, 3], ['or', 1, 3], ['not', 1, 1], ['len', 1, 1], ['index', 1, 3], ['slice', 1, 3], ['eq', 2, 3], ['ne', 2, 2], ['lt', 2, 2], ['le', 2, 2],
  ['gt', 2, 2], ['ge', 2, 2], ['print', 0, 3], ['println', 0, 2], ['printf', 1, 3], ['html', 0, 2], ['js', 1, 2], ['urlquery', 1, 2], ['call', 1, 1],
  ['hasPrefix', 2, 2], ['hasSuffix', 2, 2],
];
const TEXTS = ['', 'x', ' ', '\n', '- ', 'name: ', '"', '\t', 'é😀', '{', '}', '  \n  ', ':', '%d'];

interface Scope {
  readonly vars: readonly string[];
  readonly inRange: boolean;
  readonly templates: readonly string[];
}

function variable(g: Draw, scope: Scope): string {
  const v = weighted(g, [
    [scope.vars.length > 0 ? 40 : 0, () => pick(g, scope.vars)],
    [15, () => '$'],
    [1, () => '$undefined'],
  ]);
  return weighted(g, [
    [3, () => v],
    [2, () => `${v}.${pick(g, ELEMENT_FIELDS)}`],
    [1, () => `${v}${pick(g, FIELD_PATHS)}`],
  ]);
}

/** An operand; `executable` leaves out literals, which Go refuses after a pipe. */
function operand(g: Draw, scope: Scope, depth: number, executable = false): string {
  const literals = executable ? 0 : 1;
  return weighted(g, [
    [8, () => pick(g, FIELD_PATHS)],
    [2, () => `.${pick(g, ELEMENT_FIELDS)}`],
    [2 * literals, () => '.'],
    [4, () => variable(g, scope)],
    [4 * literals, () => pick(g, STRINGS)],
    [4 * literals, () => pick(g, NUMBERS)],
    [1 * literals, () => pick(g, ['true', 'false', 'nil'])],
    [depth > 0 ? 4 : 0, () => `(${pipeline(g, scope, depth - 1)})`],
    [depth > 0 ? 1 : 0, () => `(${pipeline(g, scope, depth - 1)}).${pick(g, ELEMENT_FIELDS)}`],
  ]);
}

const TEXT_OPERANDS = ['.metadata.name', '.metadata.labels.app', '.kind', '.apiVersion', '.spec.text', '"web"', '"app"', '""', '"é"', '(print .spec.number)'];
const COLLECTIONS = ['.spec.list', '.metadata.labels', '.spec.nested', '.spec.containers', '.spec.map', '.metadata.name', '.data', '"abc"'];
const SMALL = ['0', '1', '2', '(len .spec.list)', '.spec.flag'];

/** Arguments of the kinds the function takes, mostly; any operands otherwise. */
function typedArgs(g: Draw, name: string, scope: Scope, depth: number): string[] | undefined {
  if (g(fc.nat, { max: 2 }) === 0) return undefined;
  const text = (): string => pick(g, TEXT_OPERANDS);
  switch (name) {
    case 'hasPrefix':
    case 'hasSuffix':
      return [text(), text()];
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
    case 'eq':
    case 'ne':
      return g(fc.boolean) ? [text(), text()] : [pick(g, ['(len .spec.list)', '(len .metadata.labels)', '.spec.number', '1', '(index "a" 0)']), pick(g, ['0', '2', '1.5', '.spec.replicas', '(len .metadata.name)'])];
    case 'index':
      return weighted(g, [
        [2, () => `.spec.list ${pick(g, SMALL)}`],
        [2, () => `.metadata.labels ${pick(g, ['"app"', '"tier"', '"x"', '.kind'])}`],
        [1, () => `.spec.nested ${pick(g, SMALL)} ${pick(g, SMALL)}`],
        [1, () => `.spec.containers 0 "name"`],
        [1, () => `${text()} ${pick(g, SMALL)}`],
      ]).split(' ');
    case 'slice':
      return [pick(g, ['.spec.list', '.metadata.name', '.spec.text', '"héllo"', '.spec.nested']), ...Array.from({ length: g(fc.nat, { max: 2 }) }, () => pick(g, SMALL))];
    case 'len':
      return [pick(g, COLLECTIONS)];
    case 'printf':
      return [pick(g, FORMATS), ...Array.from({ length: g(fc.nat, { max: 2 }) }, () => operand(g, scope, depth))];
  }
  return undefined;
}

function call(g: Draw, scope: Scope, depth: number, piped: boolean): string {
  const [name, min, max] = pick(g, FUNCTIONS);
  const typed = piped ? undefined : typedArgs(g, name, scope, depth);
  if (typed) return [name, ...typed].join(' ');
  const count = g(fc.nat, { max: 9 }) === 0 ? g(fc.nat, { max: 4 }) : g(fc.integer, { min: Math.max(0, min - (piped ? 1 : 0)), max: Math.max(0, max - (piped ? 1 : 0)) });
  const args: string[] = [];
  if (name === 'printf' && count > 0 && g(fc.nat, { max: 5 }) > 0) args.push(pick(g, FORMATS));
  while (args.length < count) args.push(operand(g, scope, depth));
  return [name, ...args].join(' ');
}

function command(g: Draw, scope: Scope, depth: number, piped: boolean): string {
  return weighted(g, [
    [piped ? 1 : 4, () => operand(g, scope, depth, piped)],
    [5, () => call(g, scope, depth, piped)],
    [piped ? 0 : 1, () => pick(g, ['.', '1', '"x"', '.', '1', '"x"', 'nil'])],
  ]);
}

function pipeline(g: Draw, scope: Scope, depth: number): string {
  const cmds = [command(g, scope, depth, false)];
  const more = g(fc.nat, { max: 5 }) < 2 ? g(fc.integer, { min: 1, max: 2 }) : 0;
  for (let i = 0; i < more; i++) cmds.push(command(g, scope, depth, true));
  return cmds.join(pick(g, [' | ', '|']));
}

const open = (g: Draw): string => pick(g, ['{{', '{{ ', '{{ ', '{{- ']);
const close = (g: Draw): string => pick(g, ['}}', ' }}', ' }}', ' -}}']);

function body(g: Draw, scope: Scope, depth: number, min = 0): { text: string; declared: string[] } {
  const count = g(fc.integer, { min, max: depth > 0 ? 3 : 2 });
  let text = '';
  let vars = scope.vars;
  for (let i = 0; i < count; i++) {
    const piece = item(g, { ...scope, vars }, depth);
    text += piece.text;
    vars = [...vars, ...piece.declared];
  }
  return { text, declared: vars.slice(scope.vars.length) };
}

function item(g: Draw, scope: Scope, depth: number): { text: string; declared: string[] } {
  const fresh = pick(g, ['$x', '$y', '$i', '$v']);
  const block = (s: Scope = scope): string => body(g, s, depth - 1).text;
  let declared: string[] = [];
  const text = weighted(g, [
    [8, () => pick(g, TEXTS)],
    [16, () => `${open(g)}${pipeline(g, scope, g(fc.nat, { max: 2 }))}${close(g)}`],
    [4, () => {
      declared = [fresh];
      return `${open(g)}${fresh} := ${pipeline(g, scope, 2)}${close(g)}`;
    }],
    [scope.vars.length > 0 ? 1 : 0, () => `${open(g)}${pick(g, scope.vars)} = ${pipeline(g, scope, 1)}${close(g)}`],
    [depth > 0 ? 6 : 0, () => {
      const elseIf = g(fc.boolean) ? `{{ else if ${pipeline(g, scope, 1)} }}${block()}` : '';
      const otherwise = g(fc.boolean) ? `{{ else }}${block()}` : '';
      return `${open(g)}if ${pipeline(g, scope, 1)}${close(g)}${block()}${elseIf}${otherwise}{{ end }}`;
    }],
    [depth > 0 ? 4 : 0, () => {
      const decl = g(fc.nat, { max: 3 }) === 0 ? `${fresh} := ` : '';
      const inner = { ...scope, vars: decl ? [...scope.vars, fresh] : scope.vars };
      return `${open(g)}with ${decl}${pipeline(g, scope, 1)}${close(g)}${block(inner)}${g(fc.boolean) ? `{{ else }}${block()}` : ''}{{ end }}`;
    }],
    [depth > 0 ? 6 : 0, () => {
      const decl = weighted(g, [[2, () => ''], [1, () => '$v := '], [2, () => '$i, $v := '], [1, () => `${scope.vars[0] ?? '$x'} = `]]);
      const vars = decl.includes(':=') ? [...scope.vars, ...(decl.includes('$i') ? ['$i'] : []), '$v'] : scope.vars;
      return `${open(g)}range ${decl}${pick(g, RANGE_OPERANDS)}${close(g)}${block({ ...scope, vars, inRange: true })}${g(fc.nat, { max: 3 }) === 0 ? `{{ else }}${block()}` : ''}{{ end }}`;
    }],
    [scope.inRange ? 4 : 0, () => `{{ if ${pipeline(g, scope, 0)} }}{{ ${pick(g, ['break', 'continue'])} }}{{ end }}`],
    [2, () => pick(g, ['{{/* c */}}', '{{- /* c */ -}}', ' {{- /* c */}} '])],
    [scope.templates.length > 0 ? 4 : 0, () => `{{ template "${pick(g, scope.templates)}"${g(fc.boolean) ? ` ${pipeline(g, scope, 1)}` : ''} }}`],
    [depth > 0 ? 2 : 0, () => `{{ block "b${blocks++}" ${pipeline(g, scope, 1)} }}${body(g, { vars: [], inRange: false, templates: [] }, depth - 1).text}{{ end }}`],
    [g(fc.nat, { max: 2 }) === 0 ? 1 : 0, () => pick(g, ['{{ nope }}', '{{ end }}', '{{ if 1 }}', '{{ $undefined }}', '{{ break }}', '{{ .x | 1 }}', '{{ (1 }}', '{{ "x }}', '{{ 1a }}', '{{ else }}'])],
  ]);
  return { text, declared };
}

// Blocks get names of their own: a block inside a block of the same name would call itself without end.
let blocks = 0;

/** A template: some named templates (each may call those before it), then the body. */
const template: fc.Arbitrary<string> = fc.gen().map((g) => {
  blocks = 0;
  const templates: string[] = [];
  let defines = '';
  const count = g(fc.nat, { max: 4 }) === 0 ? g(fc.integer, { min: 1, max: 2 }) : 0;
  for (let i = 0; i < count; i++) {
    const name = `t${i}`;
    defines += `{{ define "${name}" }}${body(g, { vars: [], inRange: false, templates: [...templates] }, 1).text}{{ end }}`;
    templates.push(name);
  }
  const main = body(g, { vars: [], inRange: false, templates }, 2, 1).text;
  return g(fc.boolean) ? defines + main : main + defines;
});

const SCALARS: readonly GoValue[] = ['', 'a', 'web', 'é😀', '10', 'true', '%d', 'x y', 0, 1, 3, -1, 0.5, 2.5, 1e6, 1e21, 1.5e-7, 123456.789, 2 ** 53, 2 ** 63, true, false, null];
const scalar = fc.constantFrom(...SCALARS);
const small = fc.oneof(fc.constantFrom<GoValue>('a', 'b', 'é', '', 'x', null, true), fc.integer({ min: -2, max: 5 }), fc.constantFrom(0.5, 1.5, 1e21));
const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'owner', 'app.kubernetes.io/name', 'Zeta', 'ünïcode', '😀', 'ﬁ', '10', '9', ''), fc.oneof({ weight: 5, arbitrary: fc.constantFrom('web', 'x', '', 'é') }, { weight: 1, arbitrary: scalar }), { maxKeys: 4 });
const containerArb = fc.record(
  {
    name: fc.oneof(fc.constantFrom('app', 'sidecar'), scalar),
    image: fc.constantFrom('registry.example.com/web:1.0', 'nginx:latest', 'nginx', ''),
    ports: fc.array(fc.record({ containerPort: fc.oneof(fc.constantFrom(80, 8080, 443), scalar) }, { requiredKeys: [] }), { maxLength: 2 }),
    securityContext: fc.oneof(fc.record({ privileged: fc.oneof(fc.boolean(), scalar) }, { requiredKeys: [] }), fc.constant(null)),
  },
  { requiredKeys: [] },
);
const objectArb: fc.Arbitrary<GoValue> = fc.record(
  {
    apiVersion: fc.constantFrom('v1', 'apps/v1'),
    kind: fc.constantFrom('Deployment', 'Pod', 'Service'),
    metadata: fc.record({ name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('web', 'é😀', '') }, { weight: 1, arbitrary: scalar }), namespace: fc.oneof(fc.constantFrom('shop'), scalar), labels: labels, annotations: labels }, { requiredKeys: [] }),
    spec: fc.record(
      {
        replicas: scalar,
        number: scalar,
        text: fc.constantFrom('abc', 'é😀', '', '%v'),
        flag: fc.boolean(),
        nothing: fc.constant(null),
        empty: fc.constant<GoValue>([]),
        list: fc.array(small, { maxLength: 5 }),
        nested: fc.array(fc.array(small, { maxLength: 3 }), { maxLength: 3 }),
        map: fc.dictionary(fc.constantFrom('k', 'a', 'b'), small, { maxKeys: 3 }),
        containers: fc.array(containerArb, { maxLength: 3 }),
        template: fc.record({ spec: fc.record({ containers: fc.array(containerArb, { maxLength: 2 }) }) }),
      },
      { requiredKeys: [] },
    ),
    data: fc.dictionary(fc.constantFrom('a', 'b', 'ñ', 'Zeta'), fc.constantFrom('1', 'x'), { maxKeys: 3 }),
  },
  { requiredKeys: ['metadata', 'spec'] },
);

// ---------------------------------------------------------------------------------------------
// Comparison

function runGo(cases: readonly Case[]): Answer[] {
  const input = `${cases.map((c) => JSON.stringify(c)).join('\n')}\n`;
  const run = spawnSync(built!.binary, [], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
  expect(run.status, run.stderr).toBe(0);
  const answers = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Answer);
  expect(answers).toHaveLength(cases.length);
  return answers;
}

function runTs(c: Case): Answer {
  try {
    return { output: parseGoTemplate(c.name, c.text).execute(c.data, { numbers: c.numbers }) };
  } catch (e) {
    if (!(e instanceof GoTemplateError)) throw e;
    return { error: e.message, phase: e.phase };
  }
}

interface Difference {
  readonly kind: 'output' | 'error on one side' | 'phase' | 'message';
  readonly c: Case;
  readonly go: Answer;
  readonly ts: Answer;
}

function difference(go: Answer, ts: Answer): Difference['kind'] | undefined {
  if ('output' in go && 'output' in ts) return go.output === ts.output ? undefined : 'output';
  if ('output' in go || 'output' in ts) return 'error on one side';
  if (go.phase !== ts.phase) return 'phase';
  return go.error === ts.error ? undefined : 'message';
}

/**
 * Differences Rampart keeps, each with a test that tells its cases. Every entry must still occur
 * in the hand-written cases, or the test fails.
 */
const KNOWN: readonly { readonly name: string; readonly matches: (d: Difference) => boolean }[] = [
  {
    // Go stops a template that calls itself at 100,000 nested calls; JavaScript's stack ends
    // sooner, and Rampart reports that instead (an error either way).
    name: 'a template that calls itself without end',
    matches: (d) => d.kind === 'message' && 'error' in d.go && d.go.error.includes('exceeded maximum template depth'),
  },
  {
    // Go nests template calls 100,000 deep, and actions and parentheses as deep as its stack (which
    // grows to a gigabyte) allows, parentheses up to 10,000; Rampart, whose JavaScript stack is
    // about a megabyte, 500 levels of actions and parentheses and 1,000 of actions, pipelines and
    // template calls at execution. Polaris checks do not come near either.
    name: 'nesting deeper than Rampart allows',
    matches: (d) => 'error' in d.ts && /nested deeper than \d+ levels|nested too deeply/.test(d.ts.error) && ('output' in d.go || /max expression depth exceeded|exceeded maximum template depth/.test(d.go.error)),
  },
  {
    // %p prints the address of a map or slice, which differs from run to run in Go.
    name: '%p of a map or slice',
    matches: (d) => d.kind === 'output' && /%p/.test(d.c.text),
  },
];

function show(d: Difference): string {
  return `${d.kind}\n  template: ${JSON.stringify(d.c.text)}\n  data:     ${JSON.stringify(d.c.data).slice(0, 300)} (${d.c.numbers})\n  go:       ${JSON.stringify(d.go)}\n  rampart:  ${JSON.stringify(d.ts)}`;
}

function compare(cases: readonly Case[]): { differences: Difference[]; go: Answer[] } {
  const go = runGo(cases);
  const differences: Difference[] = [];
  cases.forEach((c, i) => {
    const ts = runTs(c);
    const kind = difference(go[i]!, ts);
    if (kind !== undefined) differences.push({ kind, c, go: go[i]!, ts });
  });
  return { differences, go };
}

function outcomes(go: readonly Answer[]): Record<'output' | 'parse' | 'exec', number> {
  const count = { output: 0, parse: 0, exec: 0 };
  for (const a of go) count['output' in a ? 'output' : a.phase === 'parse' ? 'parse' : 'exec']++;
  return count;
}

/** The differences no known one explains; with GOTEMPLATE_ORACLE_SHOW=1, prints every difference. */
function unexplained(label: string, differences: readonly Difference[]): Difference[] {
  if (SHOW) {
    for (const d of differences) console.log(`${label}: ${show(d)}`);
    for (const known of KNOWN) console.log(`${label}: ${differences.filter((d) => known.matches(d)).length} × known: ${known.name}`);
  }
  return differences.filter((d) => !KNOWN.some((k) => k.matches(d)));
}

function summary(unknown: readonly Difference[]): string[] {
  const kinds = new Map<string, Difference[]>();
  for (const d of unknown) kinds.set(d.kind, [...(kinds.get(d.kind) ?? []), d]);
  return [...kinds].flatMap(([kind, list]) => [`${list.length} × ${kind}`, ...list.slice(0, 3).map(show)]);
}

const roundTrip = (value: GoValue): GoValue => JSON.parse(JSON.stringify(value)) as GoValue;

describe.skipIf(!HAVE_GO)('Go template differential oracle (text/template, as Polaris renders custom check schemas)', () => {
  it(`agrees on ${HAND_WRITTEN.length} hand-written templates`, () => {
    const documents = FIXTURES.map(roundTrip);
    const cases: Case[] = HAND_WRITTEN.flatMap((text) => [
      ...documents.map((data) => ({ name: 'check', text, data, numbers: 'int64' as const })),
      { name: 'check', text, data: documents[1]!, numbers: 'float64' as const },
      { name: 'check', text, data: documents[0]!, numbers: 'float64' as const },
    ]);
    // A name with %% in it: Go formats the name into the message's format in some places.
    for (const text of ['{{ .x.y }}', '{{ .x', '{{ template "none" }}', '{{ define "a%%b" }}{{ .x.y }}{{ end }}{{ template "a%%b" . }}']) cases.push({ name: 'a%%b', text, data: { x: null }, numbers: 'int64' });
    cases.push({ name: 'x', text: '{{ . }}', data: null, numbers: 'int64' }, { name: 'x', text: '{{ .x }}{{ len . }}', data: [1, 'a'], numbers: 'int64' }, { name: 'x', text: '{{ . }} {{ len . }}', data: 'é', numbers: 'int64' });
    const { differences, go } = compare(cases);
    const count = outcomes(go);
    if (SHOW) console.log(`hand-written: ${cases.length} cases, Go answered ${JSON.stringify(count)}`);
    const unknown = unexplained('hand-written', differences);
    expect(summary(unknown), `${unknown.length} of ${cases.length} cases differ (and ${differences.length - unknown.length} as known)`).toEqual([]);
    for (const known of KNOWN) expect(differences.some((d) => known.matches(d)), `known difference no longer occurs: ${known.name}`).toBe(true);
    expect(count.output).toBeGreaterThan(cases.length / 3);
    expect(count.parse).toBeGreaterThan(cases.length / 10);
    expect(count.exec).toBeGreaterThan(cases.length / 10);
  });

  it(`agrees on ${RUNS} generated templates (seed ${SEED})`, () => {
    const documents = [...FIXTURES, ...fc.sample(objectArb, { numRuns: 40, seed: SEED })].map(roundTrip);
    const texts = fc.sample(template, { numRuns: RUNS, seed: SEED });
    const choices = fc.sample(fc.tuple(fc.nat({ max: documents.length - 1 }), fc.nat({ max: 3 })), { numRuns: RUNS, seed: SEED + 1 });
    const cases: Case[] = texts.map((text, i) => {
      const [doc, n] = choices[i]!;
      return { name: `check-${i % 5}`, text, data: documents[doc]!, numbers: n === 0 ? 'float64' : n === 1 ? 'int' : 'int64' };
    });
    const { differences, go } = compare(cases);
    const count = outcomes(go);
    if (SHOW) console.log(`generated: ${cases.length} cases, Go answered ${JSON.stringify(count)}`);
    const unknown = unexplained('generated', differences);
    expect(summary(unknown), `${unknown.length} of ${cases.length} cases differ (and ${differences.length - unknown.length} as known; seed ${SEED})`).toEqual([]);
    expect(count.output).toBeGreaterThan(cases.length / 4);
    expect(count.exec).toBeGreaterThan(cases.length / 10);
  });
});
