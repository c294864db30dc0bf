import { loadAllGoYaml } from '../k8s/yaml/kubernetes-schema.js';
import { GoTemplateError, type GoTemplateOptions, type GoValue, parseGoTemplate } from './go-template/index.js';
import { compileTransientSchema, type SchemaValidator } from './json-schema.js';

/*
 * A JSON Schema written as a Go template, as Polaris' custom checks may be: rendered with
 * text/template for each object, then read as Polaris reads it (k8s.io/apimachinery's
 * YAMLOrJSONDecoder: YAML 1.1 through sigs.k8s.io/yaml, so an unquoted `on` is a boolean; of
 * several documents the last one counts). Output that is blank is no schema at all.
 */

/** What a template made of one object's data. */
export type RenderedSchema =
  | { readonly kind: 'schema'; readonly validate: SchemaValidator }
  | { readonly kind: 'blank' }
  | { readonly kind: 'error'; readonly message: string };

const BLANK: RenderedSchema = { kind: 'blank' };

/** strings.TrimSpace(s) == "": Go's unicode.IsSpace (U+0085 is one, U+FEFF is not, unlike JavaScript's trim). */
const GO_BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Rendered texts kept compiled: objects that render the same schema share its validator. */
const CACHE_SIZE = 256;

/**
 * Parses a schema template (throws an Error saying why Go's template parser refuses it) and
 * returns what renders it for one object's data.
 */
export function schemaTemplate(name: string, text: string): (data: GoValue, options?: GoTemplateOptions) => RenderedSchema {
  const template = parseGoTemplate(name, text);
  const compiled = new Map<string, RenderedSchema>();
  return (data, options) => {
    let rendered: string;
    try {
      rendered = template.execute(data, options);
    } catch (error) {
      if (!(error instanceof GoTemplateError)) throw error;
      return { kind: 'error', message: `the schema template failed: ${error.message}` };
    }
    if (GO_BLANK.test(rendered)) return BLANK;
    const known = compiled.get(rendered);
    if (known) return known;
    const made = compileRendered(rendered);
    if (compiled.size >= CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
    compiled.set(rendered, made);
    return made;
  };
}

function compileRendered(rendered: string): RenderedSchema {
  let documents: unknown[];
  try {
    documents = loadAllGoYaml(rendered);
  } catch (error) {
    return { kind: 'error', message: `the rendered schema is neither YAML nor JSON: ${firstLine(reasonOf(error))}` };
  }
  // Each document is decoded over the one before; empty ones (a trailing `---`) decode to nothing.
  const last = documents.filter((d) => d !== null && d !== undefined).at(-1);
  if (last === undefined) return BLANK;
  if (typeof last !== 'object' || Array.isArray(last)) return { kind: 'error', message: 'the rendered schema is not a mapping' };
  try {
    return { kind: 'schema', validate: compileTransientSchema(withEmptyCombinators(last as Record<string, unknown>)) };
  } catch (error) {
    return { kind: 'error', message: `the rendered schema is not a valid JSON Schema: ${reasonOf(error)}` };
  }
}

/**
 * A `range` over an empty map renders `anyOf:` with nothing under it (Polaris' own
 * missingPodDisruptionBudget does, for a Deployment without labels). Polaris' validator reads an
 * empty or null anyOf or oneOf as matching nothing and an empty allOf as matching anything, where
 * the draft's meta-schema refuses all three: they are rewritten to say that.
 */
function withEmptyCombinators(schema: unknown): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      const empty = value === null || (Array.isArray(value) && value.length === 0);
      if (empty && (key === 'anyOf' || key === 'oneOf')) out[key] = [false];
      else if (empty && key === 'allOf') continue;
      else out[key] = DATA_KEYWORDS.has(key) ? value : walk(value);
    }
    return out;
  };
  return walk(schema) as Record<string, unknown>;
}

// Keywords whose values are data, not schemas: left as written.
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const firstLine = (text: string) => text.split('\n', 1)[0] ?? text;
