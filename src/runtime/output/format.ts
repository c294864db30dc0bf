import type { Getter, FieldSlots, EvalContext } from '../condition/compile.js';
import type { FieldInfo, FieldProvider, Extracted, Scalar } from '../fields.js';

/** A JSON value of an `output_fields` entry. */
export type FieldJson = string | number | bigint | boolean | null | readonly (string | number | bigint | boolean)[];

interface Segment {
  readonly literal?: string;
  readonly key?: string;
  readonly get?: Getter;
  readonly info?: FieldInfo;
  /** `%20field`: the value cut or padded with spaces to this many bytes (0: as it is). */
  readonly width?: number;
}

export interface CompiledFormat {
  /** The distinct field tokens of the format, as written (`ka.user.name`, `ka.uri.param[cmd]`). */
  readonly keys: readonly string[];
  render(ctx: EvalContext): { text: string; fields: Record<string, FieldJson> };
}

const FIELD_START = /[A-Za-z]/;
const FIELD_CHARS = /[A-Za-z0-9_.]/;
const DIGIT = /[0-9]/;

/** std::string::resize(width, ' '): cut to `width` bytes of UTF-8, or padded with spaces to it. */
function fitWidth(text: string, width: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length >= width) return bytes.subarray(0, width).toString('utf8');
  return text + ' '.repeat(width - bytes.length);
}

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
    if (c !== '%') {
      literal += c;
      i++;
      continue;
    }
    // sinsp_evt_formatter::set_format: every '%' starts a token (there is no escape for a
    // literal '%'), optionally with a width in digits before the field name.
    if (i === format.length - 1) throw new Error('invalid formatting syntax: formatting cannot end with a %');
    let start = i + 1;
    while (DIGIT.test(format.charAt(start))) start++;
    if (start === format.length) throw new Error('invalid formatting syntax: formatting cannot end with a number');
    const width = start > i + 1 ? Number.parseInt(format.slice(i + 1, start), 10) : 0;
    if (!FIELD_START.test(format.charAt(start))) throw new Error(`invalid formatting token ${format.slice(start)}`);
    i = start - 1;
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
    segments.push({ key, get, info: ref.info, width });
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
        else if (s.get) text += s.width ? fitWidth(renderText(s.get(ctx), s.info), s.width) : renderText(s.get(ctx), s.info);
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
