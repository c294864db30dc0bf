/*
 * Differential test of whole real-world manifests against sigs.k8s.io/yaml v1.6.0 with go-yaml
 * v2.4.4 (test/oracles/yaml): every YAML document of the corpus (test/corpus: Argo CD, Calico,
 * cert-manager, ingress-nginx, kube-prometheus...) and of the input fixtures must read to the value
 * kubectl reads, whether Rampart's fast path or js-yaml parsed it, and a document go-yaml refuses
 * must be refused.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAVE_GO, useYamlOracle } from './yaml-oracle.js';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { hasContent, splitDocuments } from '../../src/k8s/yaml/split-documents.js';

const ROOTS = ['test/corpus', 'test/inputs/fixtures'];

const oracle = useYamlOracle();

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

describe.skipIf(!HAVE_GO)('real-world manifests vs sigs.k8s.io/yaml (go-yaml v2, differential)', () => {
  it('reads every document of the corpus and the fixtures to the value kubectl reads', () => {
    let compared = 0;
    for (const file of ROOTS.flatMap(yamlFiles)) {
      const text = readFileSync(file, 'utf8');
      const chunks = splitDocuments(text)
        .filter((range) => hasContent(text, range))
        .map((range) => text.slice(range.start, range.end));
      if (chunks.length === 0) continue;
      const theirs = oracle().read(chunks);
      const ours = parseManifests(text, file);
      theirs.forEach((answer, index) => {
        const mine = ours.documents.find((d) => d.index === index);
        if ('error' in answer) expect(mine, `${file}, document ${index}: go-yaml says ${answer.error}`).toBeUndefined();
        else if (answer.json !== null) expect(mine?.value, `${file}, document ${index}`).toEqual(answer.json);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
