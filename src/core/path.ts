/** A path into a parsed object: mapping keys and sequence indexes. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

// Every finding formats its path, and paths repeat the same few keys (spec, containers,
// securityContext...): remember which keys are simple rather than test each one again.
const simpleKeys = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 4096;

function isSimpleKey(key: string): boolean {
  let simple = simpleKeys.get(key);
  if (simple === undefined) {
    simple = SIMPLE_KEY.test(key);
    if (simpleKeys.size < MAX_REMEMBERED_KEYS) simpleKeys.set(key, simple);
  }
  return simple;
}

/** Renders a path as `spec.template.spec.containers[0].image`, quoting keys that need it. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (isSimpleKey(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Whether `path` is `prefix` or lies below it. */
export function isUnder(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}
