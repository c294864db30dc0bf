import { RE2JS } from 're2js';

/**
 * User-supplied regular expressions run on re2js, a pure-JavaScript port of RE2: the same syntax
 * libsinsp's `regex` operator accepts, and matching in time linear in the input, so a hostile
 * pattern cannot hang the process (no backtracking engine is ever used for rule text).
 */
export interface CompiledRegex {
  /** True when the whole value matches, like RE2::FullMatch. */
  fullMatch(value: string): boolean;
}

const cache = new Map<string, CompiledRegex>();

/** Compiles (and caches) a pattern; throws an Error with RE2's message when it is invalid. */
export function compileRegex(pattern: string): CompiledRegex {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const compiled: CompiledRegex = { fullMatch: (value) => re.matches(value) };
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}
