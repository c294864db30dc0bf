import { asArray, asRecord, asString } from '../../../k8s/access.js';

/*
 * The compact schema (data/k8s-schema, format in tools/gen-k8s-schema.mjs) compiled once into a
 * graph of nodes: each definition becomes one StructNode whose fields point straight at their
 * nodes, so validating an object is a walk with no lookups by name and no allocation.
 */

export type ScalarTag = 'string' | 'boolean' | 'integer' | 'int32' | 'number' | 'int-or-string' | 'quantity' | 'object' | 'any';

export interface ScalarNode {
  readonly tag: ScalarTag;
}

export interface ListNode {
  readonly tag: 'list';
  readonly item: SchemaNode;
}

export interface MapNode {
  readonly tag: 'map';
  readonly value: SchemaNode;
}

export interface EnumNode {
  readonly tag: 'enum';
  readonly values: ReadonlySet<string>;
}

/** A definition with named fields, e.g. `core.v1.Container`. */
export interface StructNode {
  readonly tag: 'struct';
  /** The definition's kind-like name for messages: `Container`. */
  readonly name: string;
  readonly fields: Map<string, SchemaNode>;
  readonly required: readonly string[];
}

export type SchemaNode = ScalarNode | ListNode | MapNode | EnumNode | StructNode;

export interface CompiledSchema {
  /** apiVersion → kind → the object's definition. */
  readonly kinds: ReadonlyMap<string, ReadonlyMap<string, StructNode>>;
}

const SCALAR_TAGS: readonly ScalarTag[] = ['string', 'boolean', 'integer', 'int32', 'number', 'int-or-string', 'quantity', 'object', 'any'];
const SCALARS = new Map<string, ScalarNode>(SCALAR_TAGS.map((tag) => [tag, { tag }]));

/** Compiles the data file's JSON; throws on a malformed file (a packaging bug, not a user error). */
export function compileSchema(data: unknown): CompiledSchema {
  const root = asRecord(data);
  const definitions = asRecord(root?.definitions);
  const kinds = asRecord(root?.kinds);
  if (!definitions || !kinds) throw new Error('Kubernetes schema data has no definitions or kinds');

  // Every node exists before any field is compiled, so definitions can refer to each other and to themselves.
  const structs = new Map<string, StructNode>();
  for (const [name, raw] of Object.entries(definitions)) {
    const required = asArray(asRecord(raw)?.required).filter((r): r is string => typeof r === 'string');
    structs.set(name, { tag: 'struct', name: name.slice(name.lastIndexOf('.') + 1), fields: new Map(), required });
  }
  for (const [name, raw] of Object.entries(definitions)) {
    const fields = structs.get(name)?.fields;
    for (const [field, type] of Object.entries(asRecord(asRecord(raw)?.properties) ?? {})) fields?.set(field, compileType(type, structs));
  }

  const byApiVersion = new Map<string, Map<string, StructNode>>();
  for (const [apiVersion, rawKinds] of Object.entries(kinds)) {
    const byKind = new Map<string, StructNode>();
    for (const [kind, definition] of Object.entries(asRecord(rawKinds) ?? {})) {
      const struct = structs.get(asString(definition) ?? '');
      if (!struct) throw new Error(`Kubernetes schema data: ${apiVersion} ${kind} names an unknown definition`);
      byKind.set(kind, struct);
    }
    byApiVersion.set(apiVersion, byKind);
  }
  return { kinds: byApiVersion };
}

function compileType(type: unknown, structs: ReadonlyMap<string, StructNode>): SchemaNode {
  if (typeof type === 'string') {
    const node = type.startsWith('#') ? structs.get(type.slice(1)) : SCALARS.get(type);
    if (!node) throw new Error(`Kubernetes schema data: unknown type ${type}`);
    return node;
  }
  const record = asRecord(type);
  if (record?.list !== undefined) return { tag: 'list', item: compileType(record.list, structs) };
  if (record?.map !== undefined) return { tag: 'map', value: compileType(record.map, structs) };
  if (Array.isArray(record?.enum)) return { tag: 'enum', values: new Set(record.enum.filter((v): v is string => typeof v === 'string')) };
  throw new Error(`Kubernetes schema data: unknown type ${JSON.stringify(type)}`);
}
