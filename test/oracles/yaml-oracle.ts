import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { buildGoOracle } from './go-oracle.js';

/*
 * The YAML oracle (test/oracles/yaml): sigs.k8s.io/yaml's YAMLToJSON, what the API server and
 * kubectl read manifests with, one document at a time.
 */

const ORACLE_DIR = fileURLToPath(new URL('./yaml/', import.meta.url));

/** What sigs.k8s.io/yaml made of one document: its error, or the document as JSON. */
export type GoYamlAnswer = { readonly error: string } | { readonly json: unknown };

export interface YamlOracle {
  read(documents: readonly string[]): GoYamlAnswer[];
  remove(): void;
}

export function buildYamlOracle(): YamlOracle {
  const built = buildGoOracle(ORACLE_DIR, 'yaml');
  return {
    read(documents) {
      const input = documents.map((yaml) => JSON.stringify({ yaml })).join('\n');
      const run = spawnSync(built.binary, [], { input: `${input}\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
      if (run.status !== 0) throw new Error(`yaml oracle failed (${run.status}): ${run.stderr}`);
      const lines = run.stdout.split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(documents.length);
      return lines.map((line) => {
        const answer = JSON.parse(line) as { error?: string; json?: unknown };
        return answer.error !== undefined ? { error: answer.error } : { json: answer.json ?? null };
      });
    },
    remove: built.remove,
  };
}
