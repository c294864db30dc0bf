import type { Getter, FieldSlots, EvalContext } from '../condition/compile.js';
import type { FieldInfo, FieldProvider, Extracted, Scalar } from '../fields.js';

/** A JSON value of an `output_fields` entry. */
export type FieldJson = string | number | bigint | boolean | null | readonly (string | number | bigint | boolean)[];

interface Segment {
  readonly literal?: string;
  readonly key?: string;
  readonly get?: Getter;
  readonly info?: FieldInfo;
}

export interface CompiledFormat {
  /** The distinct field tokens of the format, as written (`ka.user.name`, `ka.uri.param[cmd]`). */
  readonly keys: readonly string[];
  render(ctx: EvalContext): { text: string; fields: Record<string, FieldJson> };
}

const FIELD_START = /[A-Za-z]/;
const FIELD_CHARS = /[A-Za-z0-9_.]/;

/** Text form of a value, as libsinsp prints it: lists as `(a,b)`, a missing value as `<NA>`. */
export function renderText(v: Extracted, info: FieldInfo | undefined): string {
  if (v === undefined) return '<NA>';
  const one = (x: Scalar) => (info?.format ? info.format(x) : typeof x === 'boolean' ? (x ? 'true' : 'false') : String(x));
  if (Array.isArray(v)) return `(${(v as readonly Scalar[]).map(one).join(',')})`;
  return one(v as Scalar);
}

export function renderJson(v: Extracted): FieldJson {
  if (v === undefined) return null;
  return v;
}

/**
 * Compiles an output format: `%field` and `%field[arg]` tokens are replaced by the event's values.
 * Throws Error("invalid formatting token ...") for a token that names no field, as libsinsp does.
 */
export function compileFormat(format: string, provider: FieldProvider, slots: FieldSlots): CompiledFormat {
  const segments: Segment[] = [];
  const keys: string[] = [];
  let literal = '';
  let i = format.startsWith('*') ? 1 : 0;
  while (i < format.length) {
    const c = format.charAt(i);
    if (c !== '%' || !FIELD_START.test(format.charAt(i + 1))) {
      literal += c;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < format.length && FIELD_CHARS.test(format.charAt(j))) j++;
    while (format.charAt(j - 1) === '.') j--;
    const name = format.slice(i + 1, j);
    let arg: string | undefined;
    if (format.charAt(j) === '[') {
      const close = format.indexOf(']', j);
      if (close > j) {
        arg = format.slice(j + 1, close);
        j = close + 1;
      }
    }
    const ref = provider.resolve(name, arg);
    const get = ref ? slots.getter(ref) : undefined;
    if (!ref || get === undefined || typeof get === 'string') throw new Error(`invalid formatting token ${format.slice(i + 1)}`);
    if (literal) segments.push({ literal });
    literal = '';
    const key = arg === undefined ? name : `${name}[${arg}]`;
    segments.push({ key, get, info: ref.info });
    if (!keys.includes(key)) keys.push(key);
    i = j;
  }
  if (literal) segments.push({ literal });
  // output_fields are written in key order (as jsoncpp writes them): the order is fixed per format.
  const sorted = [...keys].sort();
  const getters = sorted.map((k) => segments.find((s) => s.key === k)?.get);
  return {
    keys,
    render(ctx) {
      let text = '';
      for (const s of segments) {
        if (s.literal !== undefined) text += s.literal;
        else if (s.get) text += renderText(s.get(ctx), s.info);
      }
      const fields: Record<string, FieldJson> = {};
      for (let i = 0; i < sorted.length; i++) {
        const key = sorted[i];
        const get = getters[i];
        if (key !== undefined && get) fields[key] = renderJson(get(ctx));
      }
      return { text, fields };
    },
  };
}
