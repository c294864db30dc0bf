import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildGoOracle, goAvailable } from './go-oracle.js';

/*
 * The YAML oracle (test/oracles/yaml): sigs.k8s.io/yaml's YAMLToJSON, what the API server and
 * kubectl read manifests with, one document at a time; and apimachinery's YAMLOrJSONDecoder, how
 * kubectl splits a file into documents.
 */

const ORACLE_DIR = fileURLToPath(new URL('./yaml/', import.meta.url));

/** What sigs.k8s.io/yaml made of one document: its error, or the document as JSON. */
export type GoYamlAnswer = { readonly error: string } | { readonly json: unknown };

/** What kubectl made of a file's text: the documents it read, and the error it stopped at. */
export interface KubectlStreamAnswer {
  readonly documents: unknown[];
  readonly error?: string;
}

export interface YamlOracle {
  read(documents: readonly string[]): GoYamlAnswer[];
  /** Reads each text as kubectl reads a manifest file (apimachinery's YAMLOrJSONDecoder). */
  readStreams(texts: readonly string[]): KubectlStreamAnswer[];
  /** The same for files' bytes, which may be no UTF-8 (a JSON string cannot carry them). */
  readByteStreams(streams: readonly Uint8Array[]): KubectlStreamAnswer[];
  remove(): void;
}

export function buildYamlOracle(): YamlOracle {
  const built = buildGoOracle(ORACLE_DIR, 'yaml');
  const ask = (inputs: readonly object[]): string[] => {
    const input = inputs.map((line) => JSON.stringify(line)).join('\n');
    const run = spawnSync(built.binary, [], { input: `${input}\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (run.status !== 0) throw new Error(`yaml oracle failed (${run.status}): ${run.stderr}`);
    const lines = run.stdout.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(inputs.length);
    return lines;
  };
  return {
    read(documents) {
      return ask(documents.map((yaml) => ({ yaml }))).map((line) => {
        const answer = JSON.parse(line) as { error?: string; json?: unknown };
        return answer.error !== undefined ? { error: answer.error } : { json: answer.json ?? null };
      });
    },
    readStreams(texts) {
      return ask(texts.map((stream) => ({ stream }))).map(streamAnswer);
    },
    readByteStreams(streams) {
      return ask(streams.map((bytes) => ({ streamBase64: Buffer.from(bytes).toString('base64') }))).map(streamAnswer);
    },
    remove: built.remove,
  };
}

function streamAnswer(line: string): KubectlStreamAnswer {
  const answer = JSON.parse(line) as { error?: string; documents?: unknown[] };
  return { documents: answer.documents ?? [], ...(answer.error !== undefined ? { error: answer.error } : {}) };
}

/** Whether the Go toolchain the oracle needs is there (else the tests are skipped, saying so). */
export const HAVE_GO = goAvailable('yaml');

/** How many random cases a test draws, and from which seed (YAML_ORACLE_RUNS, YAML_ORACLE_SEED=N|random). */
export const YAML_ORACLE_RUNS = Number(process.env.YAML_ORACLE_RUNS ?? 1000);
export function yamlOracleSeed(fallback: number): number {
  return process.env.YAML_ORACLE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.YAML_ORACLE_SEED ?? fallback);
}

/** Builds the oracle before the file's tests and removes it after; the getter returns it in a test. */
export function useYamlOracle(): () => YamlOracle {
  let oracle: YamlOracle | undefined;
  beforeAll(() => {
    if (HAVE_GO) oracle = buildYamlOracle();
  }, 900_000);
  afterAll(() => oracle?.remove());
  return () => {
    if (!oracle) throw new Error('the YAML oracle is not built');
    return oracle;
  };
}
