import type { Path, PathSegment } from '../../../core/path.js';
import { formatPath } from '../../../core/path.js';
import { asRecord, type JsonRecord } from '../../../k8s/access.js';
import type { SchemaNode, StructNode } from './compile.js';

/*
 * Validates a manifest the way the API server decodes it (JSON into Go structs, after YAML is
 * converted to JSON): a value of the wrong JSON type is rejected, an unknown field is rejected under
 * strict field validation and silently dropped otherwise, and a required field that is absent or
 * null fails validation. `null` is accepted everywhere else: the decoder treats it as "unset".
 *
 * Under an object's `status` (and a template's, such as a volumeClaimTemplate's) only wrong JSON
 * types are reported: the whole body is decoded, status included, before the create strategy
 * discards the status (an update keeps the stored one), so validation never sees its required
 * fields or enum values. Unknown fields there are not reported, although strict field validation
 * refuses them as anywhere: status blocks copied from a cluster (kubectl get -o yaml) carry what
 * newer controllers write.
 */

/**
 * Same shape as a check's `report`, so the check can pass its own straight through. `rejects`: the
 * API server refuses the object for this (a wrong type, a missing required field), where an
 * unknown field is only dropped. `undecodable`: it refuses it already when decoding the JSON into
 * the typed object (a value its field's Go type cannot hold), before validation looks at required
 * fields and enumerations.
 */
export type SchemaReport = (issue: { readonly path: Path; readonly message: string; readonly rejects: boolean; readonly undecodable?: true }) => void;

/**
 * What resource.ParseQuantity accepts: a sign, digits with an optional fraction (either part may be
 * empty), and a binary-SI, decimal-SI (n, u, m, k, M, G, T, P, E) or exponent suffix. An empty
 * string does not parse.
 */
const QUANTITY = /^(?=.)([+-]?\d*(?:\.\d*)?)(?:([KMGTPE]i)|[numkMGTPE]|[eE]([+-]?\d+))?$/;
const INT64_MAX = 2n ** 63n - 1n;
/**
 * What Go's strings.TrimSpace trims before the quantity is parsed (unicode.IsSpace: U+0085 is a
 * space there, U+FEFF is not), less the characters encoding/json escapes in the JSON the API server
 * receives (tab, line ends, U+2028, U+2029): Quantity's decoder does not unescape, so those reach
 * the parser as a backslash and fail.
 */
const GO_SPACE_AT_ENDS = /^[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+|[ \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+$/g;
/** Binary suffixes small enough for ParseQuantity's int64 path, the only one a number without digits passes. */
const SMALL_BINARY_SUFFIXES = new Set(['Ki', 'Mi', 'Gi', 'Ti']);

/**
 * Whether a string is a resource quantity the API server decodes. Checked against
 * k8s.io/apimachinery by test/oracles/quantity.oracle.test.ts, down to its corners: a number
 * without digits ("m", "-", "e3") is 0 where ParseQuantity takes its int64 path, and an error where
 * it parses the digits as a decimal (large binary suffixes, exponents below -9 once cut to int32).
 */
export function isQuantityString(text: string): boolean {
  const match = QUANTITY.exec(text.replace(GO_SPACE_AT_ENDS, ''));
  if (!match) return false;
  const [, number = '', binary, exponent] = match;
  if (exponent !== undefined) {
    const value = BigInt(exponent);
    if (value > INT64_MAX || value < -INT64_MAX - 1n) return false;
    if (!/\d/.test(number)) return BigInt.asIntN(32, value) >= -9n;
  }
  return /\d/.test(number) || binary === undefined || SMALL_BINARY_SUFFIXES.has(binary);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2 ** 63);
/** 2^63, the first number past int64 (2^63 - 1 is no double). */
const INT64_END = 2 ** 63;

/** Fields whose loss silently weakens a workload's security, for a sharper unknown-field message. */
const SECURITY_FIELDS = new Set([
  'securityContext', 'privileged', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'runAsNonRoot', 'runAsUser',
  'runAsGroup', 'capabilities', 'drop', 'seccompProfile', 'appArmorProfile', 'seLinuxOptions', 'procMount',
  'automountServiceAccountToken', 'hostNetwork', 'hostPID', 'hostIPC', 'hostUsers', 'fsGroup', 'supplementalGroups',
]);

const SECURITY_STRUCTS = new Set(['SecurityContext', 'PodSecurityContext', 'Capabilities', 'SeccompProfile', 'AppArmorProfile', 'SELinuxOptions']);

/** Walks one object against its definition; a single instance keeps one path stack for every walk. */
export class SchemaValidator {
  private readonly path: PathSegment[] = [];
  private report: SchemaReport = () => {};
  /** How many `status` structs enclose the value being visited. */
  private inStatus = 0;

  validate(body: JsonRecord, definition: StructNode, report: SchemaReport): void {
    this.path.length = 0;
    this.inStatus = 0;
    this.report = report;
    this.visitStruct(body, definition);
  }

  private visit(value: unknown, node: SchemaNode): void {
    if (value === null || value === undefined || node.tag === 'any') return;
    switch (node.tag) {
      case 'struct': {
        const record = asRecord(value);
        if (record) this.visitStruct(record, node);
        else this.wrongType(value, 'a mapping');
        return;
      }
      case 'list':
        if (Array.isArray(value)) this.visitList(value, node.item);
        else this.wrongType(value, 'a list');
        return;
      case 'map': {
        const record = asRecord(value);
        if (record) this.visitMap(record, node.value);
        else this.wrongType(value, 'a mapping');
        return;
      }
      case 'enum':
        if (typeof value !== 'string') this.wrongType(value, 'a string');
        // An enumeration is a string type to the decoder: a value outside it fails validation only.
        else if (this.inStatus === 0 && !node.values.has(value)) this.wrongType(value, `one of ${[...node.values].join(', ')}`, false);
        return;
      default:
        this.visitScalar(value, node.tag);
    }
  }

  private visitScalar(value: unknown, tag: Exclude<SchemaNode['tag'], 'struct' | 'list' | 'map' | 'enum'>): void {
    switch (tag) {
      case 'string':
        if (typeof value !== 'string') this.wrongType(value, 'a string');
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.wrongType(value, 'a boolean');
        return;
      case 'integer':
        // int64 in Go: a number beyond it does not decode (`1e21` for replicas' int64 cousins).
        if (!Number.isInteger(value)) this.wrongType(value, 'an integer');
        else if (typeof value === 'number' && (value < INT64_MIN || value >= INT64_END)) this.wrongType(value, 'a 64-bit integer');
        return;
      case 'int32':
        if (!Number.isInteger(value)) this.wrongType(value, 'an integer');
        else if (typeof value === 'number' && (value < INT32_MIN || value > INT32_MAX)) this.wrongType(value, 'a 32-bit integer');
        return;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) this.wrongType(value, 'a number');
        return;
      case 'int-or-string':
        // intstr.IntOrString holds its number in an int32.
        if (typeof value !== 'string' && !Number.isInteger(value)) this.wrongType(value, 'an integer or a string');
        else if (typeof value === 'number' && (value < INT32_MIN || value > INT32_MAX)) this.wrongType(value, 'a 32-bit integer or a string');
        return;
      case 'quantity':
        // resource.Quantity also decodes a bare JSON number (`cpu: 0.5`); a string must parse.
        if (typeof value === 'string' ? !isQuantityString(value) : !(typeof value === 'number' && Number.isFinite(value))) this.wrongType(value, 'a quantity such as "500m" or 2');
        return;
      case 'object':
        if (!asRecord(value)) this.wrongType(value, 'a mapping');
        return;
      case 'any':
    }
  }

  private visitStruct(value: JsonRecord, node: StructNode): void {
    for (const key in value) {
      const field = node.fields.get(key);
      this.path.push(key);
      if (!field) this.unknownField(key, node);
      else if (key === 'status' && field.tag === 'struct' && field.name.endsWith('Status')) {
        this.inStatus++;
        this.visit(value[key], field);
        this.inStatus--;
      } else this.visit(value[key], field);
      this.path.pop();
    }
    if (this.inStatus > 0) return;
    for (const key of node.required) {
      if (value[key] === undefined || value[key] === null) this.missing(key, node, value[key] === null);
    }
  }

  private visitList(items: readonly unknown[], item: SchemaNode): void {
    for (let i = 0; i < items.length; i++) {
      this.path.push(i);
      this.visit(items[i], item);
      this.path.pop();
    }
  }

  private visitMap(value: JsonRecord, entry: SchemaNode): void {
    for (const key in value) {
      this.path.push(key);
      this.visit(value[key], entry);
      this.path.pop();
    }
  }

  private wrongType(value: unknown, expected: string, undecodable = true): void {
    const actual = `${describeValue(value)}${quoteHint(value, expected)}`;
    const message = `${formatPath(this.path)} must be ${expected}, but is ${actual}; the API server rejects the object`;
    this.report({ path: [...this.path], message, rejects: true, ...(undecodable ? { undecodable } : {}) });
  }

  private unknownField(key: string, node: StructNode): void {
    if (this.inStatus > 0) return;
    const suggestion = closestField(key, node);
    const parent = this.path.length > 1 ? ` in ${formatPath(this.path.slice(0, -1))}` : '';
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    const isSecurity = SECURITY_FIELDS.has(suggestion ?? key) || SECURITY_STRUCTS.has(node.name);
    const consequence = isSecurity ? 'drops it, so its security settings silently never take effect' : 'drops it';
    const message = `unknown field "${key}"${parent}: ${node.name} has no such field${hint}; Kubernetes rejects it under strict validation and otherwise ${consequence}`;
    this.report({ path: [...this.path], message, rejects: false });
  }

  private missing(key: string, node: StructNode, isNull: boolean): void {
    const where = this.path.length > 0 ? ` in ${formatPath(this.path)}` : '';
    const state = isNull ? 'is null' : 'is missing';
    const message = `required field "${key}" of ${node.name} ${state}${where}; the API server rejects the object`;
    this.report({ path: [...this.path, key], message, rejects: true });
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

const SCALAR_EXPECTATIONS = new Set(['a boolean', 'an integer', 'a 32-bit integer', 'a 64-bit integer', 'a number', 'an integer or a string', 'a 32-bit integer or a string']);

/** Unquoted YAML scalars are the usual cause: `"8080"` and `"true"` are strings, `8080` and `yes` are not. */
function quoteHint(value: unknown, expected: string): string {
  if (expected === 'a string' && (typeof value === 'number' || typeof value === 'boolean')) return ' (quote it in YAML)';
  if (typeof value === 'string' && SCALAR_EXPECTATIONS.has(expected) && /^(true|false|-?\d+(\.\d+)?)$/.test(value)) return ' (remove the quotes)';
  return '';
}

/** The field the author most likely meant: same name ignoring case, or within two edits. */
function closestField(key: string, node: StructNode): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = key.length < 5 ? 2 : 3;
  for (const field of node.fields.keys()) {
    if (field.toLowerCase() === lower) return field;
    const distance = editDistance(lower, field.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = field;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it reaches `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length] ?? limit, limit);
}
