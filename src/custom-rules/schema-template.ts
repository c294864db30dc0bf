import yaml from 'js-yaml';
import { KUBERNETES_SCHEMA } from '../k8s/yaml/kubernetes-schema.js';
import { type GoTemplateOptions, type GoValue, parseGoTemplate } from './go-template/index.js';
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
      return { kind: 'error', message: `the schema template failed: ${reasonOf(error)}` };
    }
    // strings.TrimSpace: Go's white space, Unicode's.
    if (rendered.trim() === '') return BLANK;
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
    documents = yaml.loadAll(rendered, undefined, { schema: KUBERNETES_SCHEMA });
  } catch (error) {
    return { kind: 'error', message: `the rendered schema is neither YAML nor JSON: ${firstLine(reasonOf(error))}` };
  }
  // Each document is decoded over the one before; empty ones (a trailing `---`) decode to nothing.
  const last = documents.filter((d) => d !== null && d !== undefined).at(-1);
  if (last === undefined) return BLANK;
  if (typeof last !== 'object' || Array.isArray(last)) return { kind: 'error', message: 'the rendered schema is not a mapping' };
  try {
    return { kind: 'schema', validate: compileTransientSchema(last as Record<string, unknown>) };
  } catch (error) {
    return { kind: 'error', message: `the rendered schema is not a valid JSON Schema: ${reasonOf(error)}` };
  }
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const firstLine = (text: string) => text.split('\n', 1)[0] ?? text;
