import { describe, expect, it } from 'vitest';
import { parseManifests } from '../k8s/yaml/parse.js';
import { objectsOfDocument } from './objects.js';

function objects(text: string) {
  return parseManifests(text, 'list.yaml').documents.map((d) => objectsOfDocument(d, 'list.yaml'));
}

describe('List objects', () => {
  it('gives the items of a typed list (as the API returns them) the list kind and apiVersion', () => {
    const [found] = objects('apiVersion: v1\nkind: PodList\nitems:\n  - metadata: {name: a}\n  - metadata: {name: b}\n');
    expect(found?.objects.map((o) => `${o.apiVersion} ${o.kind} ${o.name}`)).toEqual(['v1 Pod a', 'v1 Pod b']);
    expect(found?.objects[1]?.locate(['metadata', 'name']).line).toBe(5);
  });

  it('still skips kindless items of a generic List, and keeps items that name their own kind', () => {
    const [found] = objects('apiVersion: v1\nkind: List\nitems:\n  - metadata: {name: a}\n  - {apiVersion: v1, kind: Service, metadata: {name: s}}\n');
    expect(found?.objects.map((o) => o.kind)).toEqual(['Service']);
    expect(found?.skipped).toHaveLength(1);
  });
});
