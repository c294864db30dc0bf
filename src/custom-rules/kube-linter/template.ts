import type { Path } from '../../core/path.js';
import { searchMatcher } from '../../core/full-match.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';

/** One of kube-linter's diagnostics, at the field it is about. */
export interface Diagnostic {
  readonly path: Path;
  readonly message: string;
}

/** A check of a template, instantiated with its parameters: the diagnostics of one object. */
export type Lint = (object: K8sObject, index: ObjectIndex) => Diagnostic[];

/** A kube-linter template whose Go code Rampart runs as written (ported, not translated into a schema). */
export interface PortedTemplate {
  /** The object kinds kube-linter runs it on (its SupportedObjectKinds), by kube-linter's names. */
  readonly objectKinds: readonly string[];
  /** It reads the other objects linted with the checked one, which an admitted object comes without. */
  readonly readsOtherObjects?: boolean;
  /**
   * kube-linter's ParseAndValidate and Instantiate: the check, or an Error saying why kube-linter
   * refuses these parameters. Parameter names are lower case, as mapstructure matches them.
   */
  instantiate(params: Params): Lint;
}

/** A check's parameters, names in lower case. */
export type Params = Readonly<Record<string, unknown>>;

/** Refuses names the template does not declare, as kube-linter's generated ParseAndValidate does. */
export function declaredOnly(params: Params, names: readonly string[]): void {
  const unknown = Object.keys(params).filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new Error(`unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (it takes ${names.join(', ')})`);
}

/** A string parameter as mapstructure decodes it ("" when unset). */
export function stringParam(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new Error(`parameter ${name} must be a string`);
  return value;
}

/** A list of strings parameter (empty when unset). */
export function stringsParam(params: Params, name: string): string[] {
  const value = params[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new Error(`parameter ${name} must be a list of strings`);
  return value as string[];
}

export function boolParam(params: Params, name: string): boolean {
  const value = params[name];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new Error(`parameter ${name} must be true or false`);
  return value;
}

/** Go's regexp.MatchString for a pattern (found anywhere); throws kube-linter's words for a pattern RE2 refuses. */
export function regex(pattern: string, what: string): (value: string) => boolean {
  try {
    return searchMatcher(pattern);
  } catch (error) {
    throw new Error(`invalid ${what} ${pattern}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** kube-linter's matcher.ForString: "" matches anything, a leading `!` negates, the rest is a pattern found anywhere. */
export function stringMatcher(pattern: string, what: string): (value: string) => boolean {
  if (pattern === '') return () => true;
  const negate = pattern.startsWith('!');
  const test = regex(negate ? pattern.slice(1) : pattern, what);
  return (value) => test(value) !== negate;
}

/** fmt's %v of a []string: `[a b]`. */
export const goList = (items: readonly string[]): string => `[${items.join(' ')}]`;

/** A string field as a Go struct reads it: "" when missing or not a string. */
export const goString = (value: unknown): string => (typeof value === 'string' ? value : '');
