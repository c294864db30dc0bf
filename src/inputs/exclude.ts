import path from 'node:path';
import { fullMatcher } from '../core/full-match.js';
import { pathGlobSource } from './path-glob.js';

/** Exclusion patterns and the directory their relative patterns are relative to. */
export interface ExcludeRules {
  readonly patterns: readonly string[];
  /** Absolute directory: the working directory for `--exclude`, the config file's for `exclude:`. */
  readonly base: string;
}

/** Tells whether a file or directory is left out of the inputs. */
export type PathFilter = (file: string) => boolean;

/**
 * Compiles exclusion patterns with gitignore's two kinds of pattern: one without a slash
 * (`testdata`, `*.tmpl.yaml`) matches a file or directory name at any depth; one with a slash
 * (`charts/**`, `deploy/legacy`) matches the path from the base directory, or the absolute path
 * when it starts with `/`. A directory that matches is left out with everything under it.
 */
export function pathFilter(rules: readonly ExcludeRules[]): PathFilter | undefined {
  const tests: PathFilter[] = [];
  for (const { patterns, base } of rules) {
    for (const raw of patterns) {
      const pattern = normalize(raw);
      if (pattern === '') continue;
      const match = fullMatcher(pathGlobSource(pattern));
      // Resolved first, so that `.` and `..` are tested by the names of the directories they stand for.
      if (!pattern.includes('/')) tests.push((file) => match(path.basename(path.resolve(file))));
      else if (pattern.startsWith('/')) tests.push((file) => match(slashes(path.resolve(file))));
      else {
        tests.push((file) => {
          const relative = slashes(path.relative(base, path.resolve(file)));
          return relative !== '' && !relative.startsWith('../') && relative !== '..' && match(relative);
        });
      }
    }
  }
  if (tests.length === 0) return undefined;
  return (file) => tests.some((test) => test(file));
}

function normalize(pattern: string): string {
  let p = slashes(pattern.trim());
  while (p.startsWith('./')) p = p.slice(2);
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

function slashes(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
