import path from 'node:path';
import { fullMatcher } from '../core/full-match.js';
import { pathGlobSource } from './path-glob.js';

/** Exclusion patterns and the directory their relative patterns are relative to. */
export interface ExcludeRules {
  readonly patterns: readonly string[];
  /** Absolute directory: the working directory for `--exclude`, the config file's for `exclude:`. */
  readonly base: string;
  /** Relative patterns also match the path from the directory being scanned (`--exclude`). */
  readonly fromScannedDirectory?: boolean;
}

/**
 * Tells whether a file or directory is left out of the inputs; `root` is the directory named on
 * the command line that a walk found it in.
 */
export type PathFilter = (file: string, root?: string) => boolean;

/**
 * Compiles exclusion patterns with gitignore's two kinds of pattern: one without a slash
 * (`testdata`, `*.tmpl.yaml`) matches a file or directory name at any depth; one with a slash
 * (`charts/**`, `deploy/legacy`) matches the path from the base directory (`../` included), or
 * from the directory being scanned when the rules say so, or the absolute path when it starts
 * with `/`. A directory that matches is left out with everything under it.
 */
export function pathFilter(rules: readonly ExcludeRules[]): PathFilter | undefined {
  const tests: PathFilter[] = [];
  for (const { patterns, base, fromScannedDirectory } of rules) {
    for (const raw of patterns) {
      const pattern = normalize(raw);
      if (pattern === '') continue;
      const match = fullMatcher(pathGlobSource(pattern));
      // Resolved first, so that `.` and `..` are tested by the names of the directories they stand for.
      if (!pattern.includes('/')) tests.push((file) => match(path.basename(path.resolve(file))));
      else if (pattern.startsWith('/')) tests.push((file) => match(slashes(path.resolve(file))));
      else {
        tests.push((file, root) => {
          const absolute = path.resolve(file);
          if (matchesFrom(base, absolute, match)) return true;
          return fromScannedDirectory === true && root !== undefined && matchesFrom(path.resolve(root), absolute, match, true);
        });
      }
    }
  }
  if (tests.length === 0) return undefined;
  return (file, root) => tests.some((test) => test(file, root));
}

/** Whether the path of `absolute` from `base` matches; from a scanned directory, only what is inside it. */
function matchesFrom(base: string, absolute: string, match: (path: string) => boolean, insideOnly = false): boolean {
  const relative = slashes(path.relative(base, absolute));
  if (relative === '' || (insideOnly && (relative === '..' || relative.startsWith('../')))) return false;
  return match(relative);
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
