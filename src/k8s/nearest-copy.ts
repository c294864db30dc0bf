/*
 * Choosing among copies of one object. A repository often keeps several installs of the same
 * objects side by side (install.yaml and ha/install.yaml, a Kustomize base and a rendered bundle),
 * which cannot all exist at once. An object's relations are resolved within its own install: the
 * copy written nearest to it in the tree, the same file first.
 */

/**
 * How close two files are: the same file closest of all, then by the directories they share, and
 * of those sharing as many, files of the same directory.
 */
export function closeness(a: string, b: string): number {
  if (a === b) return Number.POSITIVE_INFINITY;
  const aDirs = a.split('/').slice(0, -1);
  const bDirs = b.split('/').slice(0, -1);
  let shared = 0;
  while (shared < aDirs.length && shared < bDirs.length && aDirs[shared] === bDirs[shared]) shared++;
  return 2 * shared + (shared === aDirs.length && shared === bDirs.length ? 1 : 0);
}

/** The copy written nearest to the file `near`; of equally near ones, the first. */
export function nearestCopy<T>(copies: readonly T[], near: string, fileOf: (copy: T) => string): T | undefined {
  let best: T | undefined;
  let bestCloseness = -1;
  for (const copy of copies) {
    const c = closeness(fileOf(copy), near);
    if (c > bestCloseness) {
      best = copy;
      bestCloseness = c;
    }
  }
  return best;
}

/**
 * Whether the copy written in `own` is, of copies written in `files` (its own among them), one
 * written nearest to `near`; equally near ones all are.
 */
export function amongNearest(own: string, files: Iterable<string>, near: string): boolean {
  const ownCloseness = closeness(own, near);
  for (const file of files) if (closeness(file, near) > ownCloseness) return false;
  return true;
}

/** The file an object was read from, for `nearestCopy`. */
export const fileOfObject = (o: { readonly source: { readonly file: string } }): string => o.source.file;

/**
 * Names the files of objects a selector would relate if they were not of another install kept
 * beside this one in the input, for messages: `in a/x.yaml, another install of the same objects`.
 */
export function otherInstallsNote(files: readonly string[]): string {
  const shown = files.slice(0, 2).join(', ');
  const more = files.length > 2 ? ` and ${files.length - 2} more files` : '';
  return `in ${shown}${more}, another install of the same objects`;
}
