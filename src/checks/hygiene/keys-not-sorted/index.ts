import { z } from 'zod';
import { formatPath, type Path } from '../../../core/path.js';
import { k8sDocs } from '../../../core/references.js';
import type { K8sObject } from '../../../k8s/object.js';
import { defineCheck } from '../../api.js';

/** Orders strings by Unicode code point, as Go's sort.Strings orders their UTF-8 bytes (UTF-16 order differs past U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(j) as number;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** The keys of a mapping in the order they are written: the loaded value keeps integer-like keys first. */
function writtenOrder(object: K8sObject, path: Path, keys: readonly string[]): string[] {
  const at = keys.map((key) => ({ key, position: object.locate([...path, key]) }));
  at.sort((a, b) => a.position.line - b.position.line || (a.position.column ?? 0) - (b.position.column ?? 0));
  return at.map((k) => k.key);
}

const MAX_LISTED = 12;

function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, MAX_LISTED).join(', ');
  return keys.length > MAX_LISTED ? `${shown}, … (${keys.length} keys)` : shown;
}

const paramsSchema = z.object({
  /** Check every nested mapping (kube-linter's recursive), not only the object's top level. */
  recursive: z.boolean().default(true),
});

export default defineCheck({
  id: 'keys-not-sorted',
  title: 'Mapping keys are not in alphabetical order',
  severity: 'info',
  category: 'hygiene',
  target: 'any',
  enabledByDefault: false,
  params: paramsSchema,
  description:
    'Some teams keep every mapping of their manifests sorted by key, so that diffs and reviews line up and generated manifests compare byte for byte. The check reports, once per mapping, the first key written out of alphabetical order (keys compared by Unicode code point, as kube-linter\'s sorted-keys does), at every nesting level, or at the top level only with recursive: false. Order has no meaning to Kubernetes: this is a style rule, off by default. Keys a YAML merge key (<<) brings in are placed where the merge key is written.',
  remediation:
    'Sort the keys of each mapping (yq -P \'sort_keys(..)\' sorts a whole file), or turn the check off where order carries meaning for readers (apiVersion and kind first).',
  references: [k8sDocs('KubeLinter checks: sorted-keys', 'https://docs.kubelinter.io/#/generated/checks?id=sorted-keys')],
  run({ object, params, report }) {
    const visit = (value: unknown, path: Path) => {
      if (Array.isArray(value)) {
        if (params.recursive) value.forEach((item, i) => visit(item, [...path, i]));
        return;
      }
      if (typeof value !== 'object' || value === null) return;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length > 1) {
        const written = writtenOrder(object, path, keys);
        const sorted = [...written].sort(compareCodePoints);
        const first = written.findIndex((key, i) => key !== sorted[i]);
        if (first >= 0) {
          const where = path.length === 0 ? 'the top level' : formatPath(path);
          report({
            path: [...path, written[first] as string],
            message: `keys of ${where} are not sorted: "${written[first]}" is written where "${sorted[first]}" belongs (expected ${listKeys(sorted)}; written ${listKeys(written)})`,
          });
        }
      }
      if (params.recursive) for (const key of keys) visit(record[key], [...path, key]);
    };
    visit(object.body, []);
  },
});
