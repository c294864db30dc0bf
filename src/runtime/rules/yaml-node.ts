import { type Document, type LineCounter, type Node, Alias, Scalar, YAMLMap, YAMLSeq, isAlias, isMap, isScalar, isSeq } from 'yaml';
import { type ItemContext, RuleLoadError } from './load-result.js';

/**
 * Rules files are read with the YAML failsafe schema, so every scalar stays a string as yaml-cpp
 * hands it to Falco; these helpers reproduce yaml-cpp's `IsNull`/`IsScalar`/conversions and the
 * reader's `decode_val` checks and messages.
 */

export interface NodeSource {
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  readonly file: string;
}

export type YNode = Node | null | undefined;

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);

export function deref(node: YNode, src: NodeSource): YNode {
  let cur = node;
  for (let i = 0; i < 32 && isAlias(cur); i++) cur = cur instanceof Alias ? (cur.resolve(src.doc) ?? null) : null;
  return cur;
}

export function isNull(node: YNode): boolean {
  if (node === null || node === undefined) return true;
  return isScalar(node) && node.type === Scalar.PLAIN && typeof node.value === 'string' && NULLS.has(node.value);
}

export function scalarText(node: YNode): string | undefined {
  return isScalar(node) ? String(node.value ?? '') : undefined;
}

export function position(node: YNode, src: NodeSource): { line: number; column: number } | undefined {
  const start = node?.range?.[0];
  if (start === undefined) return undefined;
  const p = src.lines.linePos(start);
  return { line: p.line, column: p.col };
}

export function contextFor(node: YNode, src: NodeSource, itemType: string, itemName: string): ItemContext {
  const p = position(node, src);
  return { itemType, itemName, file: src.file, ...(p ? { line: p.line, column: p.column } : {}) };
}

/** A mapping item of a rules file with Falco's typed accessors. */
export class YamlItem {
  constructor(
    readonly node: YAMLMap,
    readonly src: NodeSource,
  ) {}

  has(key: string): boolean {
    return this.node.has(key);
  }

  raw(key: string): YNode {
    const pair = this.node.items.find((p) => scalarText(deref(p.key as YNode, this.src)) === key);
    if (!pair) return undefined;
    const v = deref(pair.value as YNode, this.src);
    return v ?? null;
  }

  /** decode_val / decode_optional_val for strings. */
  string(key: string, ctx: ItemContext, optional = false): string | undefined {
    const val = this.raw(key);
    if (val === undefined) {
      if (optional) return undefined;
      throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', `Item has no mapping for key '${key}'`, ctx);
    }
    if (isNull(val)) throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', `Mapping for key '${key}' is empty`, ctx);
    const text = scalarText(val);
    if (text === undefined) throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', 'Value is not a scalar value', ctx);
    if (text === '') throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', 'Value must be non-empty', ctx);
    return text;
  }

  bool(key: string, ctx: ItemContext, optional = true): boolean | undefined {
    const text = this.string(key, ctx, optional);
    if (text === undefined) return undefined;
    const b = yamlBool(text);
    if (b === undefined) throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', "Can't decode YAML scalar value", ctx);
    return b;
  }

  /** decode_seq: a sequence of scalars. */
  strings(key: string, ctx: ItemContext, optional: boolean): string[] | undefined {
    const val = this.raw(key);
    if (val === undefined) {
      if (optional) return undefined;
      throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', `Item has no mapping for key '${key}'`, ctx);
    }
    if (!isSeq(val)) throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', 'Value is not a sequence', ctx);
    return val.items.map((item) => {
      const v = deref(item as YNode, this.src);
      const text = scalarText(v);
      if (text === undefined) throw new RuleLoadError('LOAD_ERR_YAML_VALIDATE', 'sequence value is not scalar', ctx);
      return text;
    });
  }
}

/** yaml-cpp's bool conversion: true/false, yes/no, on/off, y/n in their usual spellings. */
export function yamlBool(text: string): boolean | undefined {
  if (/^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(text)) return true;
  if (/^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/.test(text)) return false;
  return undefined;
}

export { isMap, isSeq, isScalar, YAMLMap, YAMLSeq };
