import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Path } from '../../core/path.js';
import { objectsOfDocument } from '../../inputs/objects.js';
import { podViewOf } from '../../k8s/workloads.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import { podVolumes } from '../../k8s/volumes.js';
import { isUnder } from '../../core/path.js';
import { containerOf, volumeOf } from './pss.js';

function podOf(yaml: string) {
  const object = parseManifests(yaml, 'pod.yaml').documents.flatMap((d) => objectsOfDocument(d, 'pod.yaml').objects)[0];
  const pod = object && podViewOf(object);
  if (!pod) throw new Error('no pod');
  return pod;
}

const list = (name: string, n: number) => Array.from({ length: n }, (_, i) => `      - {name: ${name}${i}, image: x}`).join('\n');
// A list entry that is not a mapping has no view: the items after it keep their own indexes.
const POD = podOf(
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers:\n${list('c', 40)}\n      - just a string\n      - {name: last, image: x}\n      initContainers:\n${list('i', 3)}\n      volumes:\n${Array.from({ length: 40 }, (_, i) => `      - {name: v${i}, emptyDir: {}}`).join('\n')}\n`,
);

describe('the container or volume a field belongs to', () => {
  it('is the one whose path the field lies under, for any field', () => {
    const segment = fc.oneof(fc.constantFrom('spec', 'template', 'containers', 'initContainers', 'ephemeralContainers', 'volumes', 'securityContext', 'name'), fc.nat({ max: 45 }), fc.nat({ max: 45 }).map(String));
    const field = fc.oneof(
      fc.tuple(fc.constantFrom('containers', 'initContainers', 'ephemeralContainers', 'volumes', '0'), fc.oneof(fc.nat({ max: 45 }), fc.nat({ max: 45 }).map(String)), fc.array(segment, { maxLength: 2 })).map(([l, i, rest]): Path => ['spec', 'template', 'spec', l, i, ...rest]),
      fc.array(segment, { maxLength: 6 }),
    );
    fc.assert(
      fc.property(field, (path) => {
        expect(containerOf(POD, path)).toBe(POD.containers.find((c) => isUnder(path, c.path)));
        expect(volumeOf(POD, path)).toBe(podVolumes(POD).find((v) => isUnder(path, v.path)));
      }),
      { numRuns: 2000 },
    );
  });

  it('skips what is not a mapping and keeps indexes as written', () => {
    expect(containerOf(POD, ['spec', 'template', 'spec', 'containers', 41, 'image'])?.name).toBe('last');
    expect(containerOf(POD, ['spec', 'template', 'spec', 'containers', 40])).toBeUndefined();
    expect(containerOf(POD, ['spec', 'template', 'spec', 'initContainers', 2])?.name).toBe('i2');
    expect(containerOf(POD, ['spec', 'template', 'spec', 'containers', '3'])).toBeUndefined();
    expect(volumeOf(POD, ['spec', 'template', 'spec', 'volumes', 39, 'emptyDir'])?.name).toBe('v39');
    expect(volumeOf(POD, ['spec', 'template', 'spec'])).toBeUndefined();
  });
});
