/** Field value types, a subset of libsinsp's ppm_param_type that the sources here produce. */
export const FIELD_TYPES = ['string', 'bytebuf', 'uint64', 'int64', 'double', 'bool', 'ipaddr', 'ipnet', 'abstime', 'reltime'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type Scalar = string | number | bigint | boolean;
/** What an extractor returns: undefined when the field is not available for the event. */
export type Extracted = Scalar | readonly Scalar[] | undefined;

export type ArgKind = 'none' | 'index' | 'key' | 'required-index' | 'required-key' | 'any';

export interface FieldInfo {
  readonly name: string;
  readonly type: FieldType;
  readonly list: boolean;
  readonly arg: ArgKind;
  /** Accepts its argument after a dot too, like `evt.arg.path` or `k8s.pod.label.app`. */
  readonly dotArg?: boolean;
  readonly desc: string;
  /** Text rendering for output strings when it differs from the type's default (e.g. times). */
  readonly format?: (value: Scalar) => string;
}

/** An event as the engine sees it: the source's payload plus the envelope every source has. */
export interface EngineEvent<P = unknown> {
  readonly payload: P;
  /** 1-based position in the stream. */
  readonly num: number;
  /** Nanoseconds since the epoch. */
  readonly ts: bigint;
  readonly source: string;
}

export type Extractor<P = unknown> = (event: EngineEvent<P>) => Extracted;

export interface FieldRef {
  readonly info: FieldInfo;
  readonly arg?: string;
}

/** Where the engine gets fields for one event source (`k8s_audit`, `syscall`, ...). */
export interface FieldProvider<P = unknown> {
  /** Finds a field by the name written in a condition (maybe `name.dotarg`) and its bracket argument. */
  resolve(name: string, arg: string | undefined): FieldRef | undefined;
  /** Builds the extractor; returns an error message when the argument does not fit the field. */
  extractor(ref: FieldRef): Extractor<P> | string;
  /** All fields, for documentation and `rampart runtime fields`. */
  readonly fields: readonly FieldInfo[];
  /** Validates a literal compared with a field (libsinsp rejects unknown `evt.type` names). */
  checkOperand?(field: string, value: string): string | undefined;
}

/** A catalog lookup shared by providers: exact name first, then the longest `dotArg` prefix. */
export class FieldCatalog {
  private readonly byName = new Map<string, FieldInfo>();
  private readonly dotted: FieldInfo[] = [];

  constructor(readonly fields: readonly FieldInfo[]) {
    for (const f of fields) {
      if (this.byName.has(f.name)) throw new Error(`duplicate field ${f.name}`);
      this.byName.set(f.name, f);
      if (f.dotArg) this.dotted.push(f);
    }
    this.dotted.sort((a, b) => b.name.length - a.name.length);
  }

  get(name: string): FieldInfo | undefined {
    return this.byName.get(name);
  }

  resolve(name: string, arg: string | undefined): FieldRef | undefined {
    const exact = this.byName.get(name);
    if (exact) return arg === undefined ? { info: exact } : { info: exact, arg };
    if (arg !== undefined) return undefined;
    for (const f of this.dotted) {
      if (name.startsWith(`${f.name}.`) && name.length > f.name.length + 1) return { info: f, arg: name.slice(f.name.length + 1) };
    }
    return undefined;
  }
}

/** Checks a field reference's argument against the field's declaration; returns a message when it does not fit. */
export function argProblem(ref: FieldRef): string | undefined {
  const { info, arg } = ref;
  switch (info.arg) {
    case 'none':
      return arg === undefined ? undefined : `filter_check called with nonexistent field ${info.name}[${arg}]`;
    case 'required-key':
    case 'required-index':
      if (arg === undefined || arg === '') return `the field '${info.name}' requires an argument but none was provided`;
      break;
    default:
      break;
  }
  if ((info.arg === 'index' || info.arg === 'required-index') && arg !== undefined && !/^[0-9]+$/.test(arg)) {
    return `the field '${info.name}' requires a numeric index argument, got '${arg}'`;
  }
  return undefined;
}
