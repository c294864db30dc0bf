import path from 'node:path';

/** Whether `file` lies below `dir` (not `dir` itself), both as given or both resolved. */
export function isInsideDirectory(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
