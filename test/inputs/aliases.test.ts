import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/inputs/load.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';

const FIXTURES = 'test/inputs/fixtures';
const parse = (name: string) => parseManifests(readFileSync(`${FIXTURES}/${name}`, 'utf8'), `${FIXTURES}/${name}`);

describe('aliases', () => {
  it('refuses a document whose aliases expand too far, as Kubernetes does, and reads the others', () => {
    const parsed = parse('aliases-excessive.yaml');
    expect(parsed.problems).toEqual([
      { code: 'yaml-aliases', message: 'document contains excessive aliasing', location: { file: `${FIXTURES}/aliases-excessive.yaml`, line: 11 } },
    ]);
    expect(parsed.documents.map((d) => d.index)).toEqual([0]);
  });

  it('reads a document just within the limit', () => {
    const parsed = parse('aliases-near-miss.yaml');
    expect(parsed.problems).toEqual([]);
    const containers = (parsed.documents[0]?.value as { spec: { containers: Array<{ env: unknown[] }> } }).spec.containers;
    expect(containers).toHaveLength(43);
    expect(containers[42]?.env).toHaveLength(200);
  });

  it('keeps anchors, aliases and merge keys working', () => {
    const loaded = loadFiles([`${FIXTURES}/anchors-and-merge-keys.yaml`]);
    expect(loaded.problems).toEqual([]);
    const deployment = loaded.objects[0];
    expect(deployment?.body).toMatchObject({
      spec: {
        selector: { matchLabels: { app: 'web', tier: 'front' } },
        template: {
          metadata: { labels: { app: 'web', tier: 'front' } },
          spec: {
            containers: [
              { name: 'app', image: 'nginx:1.25', securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true } },
              { name: 'sidecar', image: 'nginx:1.25', securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, privileged: true } },
            ],
          },
        },
      },
    });
    expect(deployment?.locate(['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'privileged']).line).toBe(25);
  });
});
