#!/usr/bin/env node
/*
 * Generates data/k8s-schema/v<minor>.json, the compact schema the `schema-validation` check reads,
 * from the Kubernetes OpenAPI v2 document.
 *
 * Source:  https://proxy.golang.org/k8s.io/kubernetes/@v/v1.37.2.zip
 *          file k8s.io/kubernetes@v1.37.2/api/openapi-spec/swagger.json
 * Version: Kubernetes v1.37.2
 * License: Apache-2.0 (the Kubernetes project); the generated file is a derived work under the same license.
 *
 * Usage:
 *   curl -sSfL -o /tmp/k8s.zip https://proxy.golang.org/k8s.io/kubernetes/@v/v1.37.2.zip
 *   unzip -p /tmp/k8s.zip k8s.io/kubernetes@v1.37.2/api/openapi-spec/swagger.json > /tmp/swagger.json
 *   node tools/gen-k8s-schema.mjs /tmp/swagger.json v1.37.2 > data/k8s-schema/v1.37.json
 *
 * Output (deterministic: keys sorted, no timestamps):
 *   kinds:       { "<apiVersion>": { "<Kind>": "<definition>" } } for every built-in group/version/kind
 *   definitions: { "<definition>": { properties: { <field>: <type> }, required?: [<field>] } }
 * A <type> is one of
 *   "string" | "boolean" | "integer" | "int32" | "number" | "int-or-string" | "quantity"
 *   "object"  a mapping with arbitrary content (empty structs)
 *   "any"     any JSON value (RawExtension, FieldsV1)
 *   "#<definition>"  | { "list": <type> } | { "map": <type> } | { "enum": [values] }
 * Descriptions, patch strategies and list-map keys are dropped: only what validation needs stays.
 * Status definitions are kept like any other: the API server decodes an object's `status` into its
 * Go type (a wrong JSON type there is rejected) before the create strategy discards it; the
 * validator skips required and unknown fields and enum values under `status`, which nothing checks.
 * `required` leaves out the few fields listed in NOT_REQUIRED below, which the API server accepts absent.
 *
 * Left out: List kinds (the loader splits Lists into their items), the meta types every group
 * carries (DeleteOptions, WatchEvent), and CustomResourceDefinition (its body is JSON Schema that
 * the API server validates structurally, beyond what these types describe).
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';

const [swaggerPath, version] = process.argv.slice(2);
if (!swaggerPath || !version) {
  process.stderr.write('usage: node tools/gen-k8s-schema.mjs <swagger.json> <version, e.g. v1.37.2>\n');
  process.exit(2);
}

const swagger = JSON.parse(readFileSync(swaggerPath, 'utf8'));
const definitions = swagger.definitions;

const SKIPPED_KINDS = new Set(['DeleteOptions', 'WatchEvent', 'CustomResourceDefinition']);
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/** Types that decode any JSON value as raw bytes. */
const RAW_JSON = new Set(['io.k8s.apimachinery.pkg.runtime.RawExtension', 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1', 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch']);

/*
 * Fields the OpenAPI document lists as required only because their Go field lacks `omitempty`,
 * while the API server accepts them absent: the zero value passes validation or is defaulted first.
 * Each was checked against pkg/apis/<group>/validation and defaults in Kubernetes v1.37.2.
 */
const NOT_REQUIRED = {
  'io.k8s.api.core.v1.HTTPHeader': ['value'], // only the header name is validated
  'io.k8s.api.core.v1.Sysctl': ['value'], // only the sysctl name is validated
  'io.k8s.api.core.v1.SleepAction': ['seconds'], // 0 is a valid sleep
  'io.k8s.api.core.v1.ISCSIVolumeSource': ['lun'], // 0 is a valid LUN
  'io.k8s.api.core.v1.ISCSIPersistentVolumeSource': ['lun'],
  'io.k8s.api.core.v1.PreferredSchedulingTerm': ['preference'], // an empty term matches every node
  'io.k8s.api.core.v1.LimitRangeSpec': ['limits'], // an empty list of limits is valid
  'io.k8s.api.batch.v1.PodFailurePolicy': ['rules'], // only successPolicy requires a rule
  'io.k8s.api.storage.v1.TokenRequest': ['audience'], // empty means the API server's audiences
  'io.k8s.api.storage.v1.CSIDriver': ['spec'], // every spec field is defaulted
};
const REF_PREFIX = '#/definitions/';

/** Short, unique definition names: the last three dotted parts (`apps.v1.Deployment`). */
const shortNames = (() => {
  const names = new Map();
  const counts = new Map();
  for (const full of Object.keys(definitions)) {
    const short = full.split('.').slice(-3).join('.');
    counts.set(short, (counts.get(short) ?? 0) + 1);
  }
  for (const full of Object.keys(definitions)) {
    const short = full.split('.').slice(-3).join('.');
    names.set(full, counts.get(short) === 1 ? short : full);
  }
  return names;
})();

/** A definition that is a single value rather than a structure is inlined as that value's type. */
function inlineType(full) {
  const def = definitions[full];
  if (full === QUANTITY) return 'quantity';
  if (RAW_JSON.has(full)) return 'any';
  if (def.properties) return undefined;
  if (def.format === 'int-or-string') return 'int-or-string';
  if (def.type === 'object') return 'object';
  if (def.type === undefined) return 'any';
  return primitive(def);
}

function primitive(schema) {
  switch (schema.type) {
    case 'string':
      return schema.format === 'int-or-string' ? 'int-or-string' : 'string';
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'integer';
    case 'number':
    case 'boolean':
      return schema.type;
    default:
      throw new Error(`unexpected primitive ${JSON.stringify(schema)}`);
  }
}

const reachable = new Set();
const queue = [];

function typeOf(schema) {
  if (schema.$ref) {
    const full = schema.$ref.slice(REF_PREFIX.length);
    const inline = inlineType(full);
    if (inline) return inline;
    if (!reachable.has(full)) {
      reachable.add(full);
      queue.push(full);
    }
    return `#${shortNames.get(full)}`;
  }
  if (schema.enum) return { enum: [...schema.enum].sort() };
  if (schema.type === 'array') return { list: typeOf(schema.items ?? {}) };
  if (schema.type === 'object') return schema.additionalProperties ? { map: typeOf(schema.additionalProperties) } : 'object';
  if (schema.type === undefined) return 'any';
  return primitive(schema);
}

function compactDefinition(full) {
  const def = definitions[full];
  const properties = {};
  for (const field of Object.keys(def.properties).sort()) properties[field] = typeOf(def.properties[field]);
  const out = { properties };
  const required = (def.required ?? []).filter((field) => !NOT_REQUIRED[full]?.includes(field));
  if (required.length > 0) out.required = required.sort();
  return out;
}

const kinds = {};
for (const full of Object.keys(definitions).sort()) {
  for (const gvk of definitions[full]['x-kubernetes-group-version-kind'] ?? []) {
    if (SKIPPED_KINDS.has(gvk.kind) || gvk.kind.endsWith('List')) continue;
    const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
    (kinds[apiVersion] ??= {})[gvk.kind] = typeOf({ $ref: REF_PREFIX + full }).slice(1);
  }
}

const compact = {};
while (queue.length > 0) {
  const full = queue.shift();
  compact[shortNames.get(full)] = compactDefinition(full);
}

const sortKeys = (record) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const output = {
  kubernetes: version,
  source: `https://proxy.golang.org/k8s.io/kubernetes/@v/${version}.zip (k8s.io/kubernetes@${version}/api/openapi-spec/swagger.json)`,
  license: 'Apache-2.0',
  kinds: sortKeys(Object.fromEntries(Object.entries(kinds).map(([v, k]) => [v, sortKeys(k)]))),
  definitions: sortKeys(compact),
};
// One kind group or definition per line: compact, yet a regeneration diffs line by line.
const block = (record) => `{\n${Object.entries(record).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n  }`;
const header = ['kubernetes', 'source', 'license'].map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(output[k])}`);
process.stdout.write(`{\n${[...header, `  "kinds": ${block(output.kinds)}`, `  "definitions": ${block(output.definitions)}`].join(',\n')}\n}\n`);
