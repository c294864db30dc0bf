import { createRequire } from 'node:module';
import type * as Re2js from 're2js';
import { withGoClassNames } from './go-class-names.js';

// Loaded on first use: most runs compile no pattern, and every command's start-up stays free of it.
let engine: typeof Re2js.RE2JS | undefined;
function re2(): typeof Re2js.RE2JS {
  engine ??= (createRequire(import.meta.url)('re2js') as typeof Re2js).RE2JS;
  return engine;
}

/**
 * A whole-value matcher for a regular expression built from user-written text (globs in the
 * configuration, exclusion patterns, registry patterns). It runs on re2js, whose matching time is
 * linear in the input: a pattern such as `*a*a*a*a*a*b` cannot make a backtracking engine hang
 * on a long name. `source` must be RE2 syntax (no lookarounds, no back-references).
 */
export function fullMatcher(source: string, options: { dotAll?: boolean } = {}): (value: string) => boolean {
  const RE2JS = re2();
  const re = RE2JS.compile(withGoClassNames(source), options.dotAll ? RE2JS.DOTALL : 0);
  return (value) => re.matches(value);
}

/** Like fullMatcher, but true when the pattern matches anywhere in the value (Go's MatchString, JSON Schema's `pattern`). */
export function searchMatcher(source: string): (value: string) => boolean {
  const re = re2().compile(withGoClassNames(source));
  return (value) => re.matcher(value).find();
}

/** `text` as a literal in a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
