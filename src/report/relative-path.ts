import path from 'node:path';

/**
 * A report path as CI services resolve it: relative to the working directory (the repository's
 * root in a GitHub Actions or GitLab CI job), with forward slashes. Absolute paths outside the
 * working directory, and `<stdin>`, stay as they are.
 */
export function workspacePath(file: string, cwd = process.cwd()): string {
  let relative = file;
  if (path.isAbsolute(file)) {
    const inside = path.relative(cwd, file);
    if (inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside)) relative = inside;
  }
  return relative.split(path.sep).join('/').replace(/^(\.\/)+/, '');
}
