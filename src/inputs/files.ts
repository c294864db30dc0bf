import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../core/result.js';

export const STDIN = '-';
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

export interface ExpandedInputs {
  /** Files to read, in a stable order; `-` stands for standard input. */
  readonly files: string[];
  readonly problems: Problem[];
}

/**
 * Turns command-line paths into manifest files: files as given, directories walked recursively
 * for .yaml/.yml/.json (sorted, symlink loops cut), and `-` for stdin.
 */
export function expandInputs(paths: readonly string[]): ExpandedInputs {
  const files: string[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const input of paths) {
    if (input === STDIN) {
      files.push(STDIN);
      continue;
    }
    let stats;
    try {
      stats = statSync(input);
    } catch (error) {
      const message = unreadable(error);
      problems.push({ code: 'input-missing', message, location: { file: input } });
      continue;
    }
    if (stats.isDirectory()) walk(input, files, problems, seen);
    else addOnce(input, files, seen);
  }
  return { files, problems };
}

function addOnce(file: string, files: string[], seen: Set<string>): void {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    real = path.resolve(file);
  }
  if (seen.has(real)) return;
  seen.add(real);
  files.push(file);
}

function walk(dir: string, files: string[], problems: Problem[], seen: Set<string>): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    return;
  }
  if (seen.has(`dir:${real}`)) return;
  seen.add(`dir:${real}`);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ code: 'input-unreadable', message: `cannot read directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`, location: { file: dir } });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch {
        continue; // A dangling link is not an input.
      }
    }
    if (isDir && !SKIPPED_DIRECTORIES.has(entry.name)) walk(full, files, problems, seen);
    else if (isFile && MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) addOnce(full, files, seen);
  }
}

/** Why a file cannot be read, in words for the common cases. */
export function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read (${code ?? String(error)})`;
}
