import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Runs the real Checkov (the release pinned in requirements.txt) on Kubernetes manifests, offline:
 * no API key, no download of external checks or guidelines, only the checks asked for.
 *
 * Where it is found: RAMPART_CHECKOV (the path of a `checkov` executable), else the virtual
 * environment `.ci/run` creates (`${XDG_CACHE_HOME:-~/.cache}/rampart-ci/checkov-<version>`), else
 * `checkov` on PATH, if it is that version.
 */

export const CHECKOV_VERSION = '3.3.30';
const REQUIRED = process.env.RAMPART_REQUIRE_ORACLES === '1';

function version(executable: string): string | undefined {
  const result = spawnSync(executable, ['--version'], { encoding: 'utf8', env: offlineEnv() });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The environment Checkov runs in: no platform credentials, nothing that would make it call out. */
function offlineEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? homedir(), LANG: 'C.UTF-8' };
}

/** The checkov executable of the pinned version, or undefined (with a SKIPPED notice, or an error when CI requires it). */
export function findCheckov(): string | undefined {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const candidates = [process.env.RAMPART_CHECKOV, join(cache, 'rampart-ci', `checkov-${CHECKOV_VERSION}`, 'bin', 'checkov'), 'checkov'].filter(
    (c): c is string => Boolean(c),
  );
  for (const candidate of candidates) {
    if (candidate.includes('/') && !existsSync(candidate)) continue;
    if (version(candidate) === CHECKOV_VERSION) return candidate;
  }
  const why = `the Checkov differential oracle needs Checkov ${CHECKOV_VERSION} (RAMPART_CHECKOV, or a venv from test/oracles/checkov/requirements.txt)`;
  if (REQUIRED) throw new Error(`${why}, and RAMPART_REQUIRE_ORACLES=1 requires it`);
  console.warn(`SKIPPED: ${why}; .ci/run installs it.`);
  return undefined;
}

export type CheckovResult = 'FAILED' | 'PASSED' | 'SKIPPED';

export interface CheckovVerdict {
  readonly check: string;
  /** The input file, relative to the directory the inputs were given from. */
  readonly file: string;
  /** Checkov's resource id: `Kind.namespace.name` (namespace `default` when the object has none). */
  readonly resource: string;
  readonly result: CheckovResult;
}

interface CheckovReport {
  readonly results: Partial<Record<'failed_checks' | 'passed_checks' | 'skipped_checks', { check_id: string; file_path: string; resource: string }[]>>;
}

const SERIAL_LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'serial-checkov.py');

/** The Python interpreter of a `checkov` console script (its `#!` line), found on PATH when given by name. */
function interpreterOf(executable: string): string | undefined {
  const file = executable.includes('/')
    ? executable
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, executable)).find((candidate) => existsSync(candidate));
  if (!file) return undefined;
  const shebang = /^#!(\S*python[\d.]*)\s*$/m.exec(readFileSync(file, 'utf8').split('\n', 1)[0] ?? '');
  return shebang && existsSync(shebang[1]!) ? shebang[1] : undefined;
}

/**
 * How to start Checkov with its checks run one at a time (serial-checkov.py says why); the
 * executable itself when its interpreter cannot be found.
 */
function checkovCommand(executable: string): { readonly command: string; readonly prefix: readonly string[] } {
  const python = interpreterOf(executable);
  return python ? { command: python, prefix: [SERIAL_LAUNCHER] } : { command: executable, prefix: [] };
}

/**
 * Runs Checkov once over `files` (paths relative to `root`), with only `checks` (custom policies
 * from `externalChecksDir` among them), and returns every verdict. The files are copied into a temporary directory under the same relative paths, so that
 * the paths Checkov reports are those of the inputs.
 */
export function runCheckov(executable: string, root: string, files: readonly string[], checks: readonly string[], options: { readonly externalChecksDir?: string } = {}): CheckovVerdict[] {
  const work = mkdtempSync(join(tmpdir(), 'rampart-checkov-oracle-'));
  try {
    const inputs = join(work, 'in');
    for (const file of files) cpSync(join(root, file), join(inputs, file));
    const output = join(work, 'out');
    const { command, prefix } = checkovCommand(executable);
    const run = spawnSync(
      command,
      [...prefix, '--framework', 'kubernetes', '-d', inputs, '-o', 'json', '--output-file-path', output, '--compact', '--skip-download', '--skip-results-upload', '-c', checks.join(','), ...(options.externalChecksDir ? ['--external-checks-dir', options.externalChecksDir] : [])],
      { encoding: 'utf8', env: offlineEnv(), cwd: work, maxBuffer: 256 * 1024 * 1024 },
    );
    const file = join(output, 'results_json.json');
    // Checkov exits 1 when a check failed; anything else, or no report, is a failure of the run.
    if ((run.status !== 0 && run.status !== 1) || !existsSync(file)) {
      throw new Error(`checkov failed (exit ${run.status}):\n${run.stderr.slice(-4000)}${run.stdout.slice(-2000)}`);
    }
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CheckovReport | CheckovReport[];
    const reports = Array.isArray(parsed) ? parsed : [parsed];
    const verdicts: CheckovVerdict[] = [];
    for (const report of reports) {
      for (const [key, result] of [['failed_checks', 'FAILED'], ['passed_checks', 'PASSED'], ['skipped_checks', 'SKIPPED']] as const) {
        for (const entry of report.results[key] ?? []) {
          verdicts.push({ check: entry.check_id, file: entry.file_path.replace(/^\/+/, ''), resource: entry.resource, result });
        }
      }
    }
    return verdicts;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Writes each definition as a Kubernetes YAML policy of its own into `dir`/policies; returns that directory and the policies' ids. */
export function writePolicies(dir: string, definitions: readonly unknown[]): { readonly policyDir: string; readonly ids: readonly string[] } {
  const policyDir = join(dir, 'policies');
  mkdirSync(policyDir);
  const ids = definitions.map((_, i) => `CKV2_K8S_RAMPART_${i + 1}`);
  definitions.forEach((definition, i) => {
    const policy = { metadata: { id: ids[i], name: `policy ${i + 1}`, category: 'KUBERNETES' }, scope: { provider: 'kubernetes' }, definition };
    writeFileSync(join(policyDir, `p${i + 1}.yaml`), JSON.stringify(policy));
  });
  return { policyDir, ids };
}
