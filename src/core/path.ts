/** A path into a parsed object: mapping keys and sequence indexes. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Renders a path as `spec.template.spec.containers[0].image`, quoting keys that need it. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (SIMPLE_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
