/*
 * Go's text/template, as Polaris renders the JSON Schema of a custom check: the template is
 * parsed with template.New(id).Funcs({hasPrefix, hasSuffix}).Parse(text) and executed with the
 * Kubernetes object as data. Output and error texts are Go's (test/oracles/go-template compares
 * them with Go). Beyond Go, templates are bounded: one that nests actions and parentheses deeper
 * than 500 levels, nests actions, pipelines and template calls deeper than 1,000 levels as it runs,
 * writes (or makes a string of) more than 10 MB or runs more than ten million steps fails with an
 * error.
 */
import { ExecError, execute } from './exec.js';
import { fromText, toText } from './go-string.js';
import { ParseError, Tree } from './parse.js';
import { fromGoValue, type GoValue } from './values.js';

export type { GoValue } from './values.js';

export interface GoTemplateOptions {
  /**
   * How JSON numbers are typed in Go: 'float64' (encoding/json into interface{}: every number
   * float64), 'int64' (Kubernetes unstructured: whole numbers that fit int64 are int64, others
   * float64) or 'int' (gopkg.in/yaml.v3 into interface{}: the same with int). Default 'int64'.
   */
  readonly numbers?: 'float64' | 'int64' | 'int';
  /** Maps and lists whose own numbers are float64 whatever `numbers` says (parts of an object that went through a typed Go struct and encoding/json). */
  readonly float64Within?: { has(value: object): boolean };
}

/** A template that Go refuses to parse, or whose execution fails; the message is Go's. */
export class GoTemplateError extends Error {
  override readonly name = 'GoTemplateError';

  constructor(
    readonly phase: 'parse' | 'exec',
    message: string,
  ) {
    super(message);
  }
}

export interface GoTemplate {
  execute(data: GoValue, options?: GoTemplateOptions): string;
}

/** JavaScript's stack ran out (when called with little of it left), or a string grew past its limit. */
function exhausted(e: unknown): boolean {
  return e instanceof RangeError;
}

/** Parses like template.New(name).Funcs(polaris funcs).Parse(text); throws GoTemplateError. */
export function parseGoTemplate(name: string, text: string): GoTemplate {
  const goName = fromText(name);
  let templates: Map<string, Tree>;
  try {
    templates = Tree.parse(goName, fromText(text));
  } catch (e) {
    if (e instanceof ParseError) throw new GoTemplateError('parse', toText(e.message));
    if (exhausted(e)) throw new GoTemplateError('parse', `template: ${toText(goName)}: nested too deeply to parse`);
    throw e;
  }
  return {
    execute(data: GoValue, options: GoTemplateOptions = {}): string {
      try {
        return toText(execute(templates, goName, fromGoValue(data, options.numbers ?? 'int64', options.float64Within)));
      } catch (e) {
        if (e instanceof ExecError) throw new GoTemplateError('exec', toText(e.message));
        if (exhausted(e)) throw new GoTemplateError('exec', `template: ${toText(goName)}: ${/call stack/i.test((e as Error).message) ? 'calls nested too deeply to execute' : (e as Error).message}`);
        throw e;
      }
    },
  };
}
