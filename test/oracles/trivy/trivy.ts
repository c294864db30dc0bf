import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The Trivy release `go.mod` requires; the build stamps it into the binary (`trivy --version`). */
export const TRIVY_VERSION = '0.74.0';

/** How the Trivy CLI is built from its module: as its release builds do (JSON v2 experiment, version stamped). */
export const TRIVY_BUILD = {
  pkg: 'github.com/aquasecurity/trivy/cmd/trivy',
  options: {
    env: { GOEXPERIMENT: 'jsonv2', CGO_ENABLED: '0' },
    ldflags: `-s -w -X github.com/aquasecurity/trivy/pkg/version/app.ver=${TRIVY_VERSION}`,
  },
} as const;

/** One misconfiguration Trivy reports: a check that failed on (a part of) a file. */
export interface TrivyFailure {
  /** The file, relative to the root the inputs were copied from. */
  readonly file: string;
  /** `KSV-0017`. */
  readonly check: string;
  readonly message: string;
  /** 1-based lines of the file that the failure points at. */
  readonly startLine: number;
  readonly endLine: number;
}

export interface TrivyRun {
  /** The files Trivy read as Kubernetes manifests (it reports a result for each). */
  readonly read: ReadonlySet<string>;
  readonly failures: readonly TrivyFailure[];
}

interface TrivyReport {
  readonly Results?: ReadonlyArray<{
    readonly Target: string;
    readonly Type?: string;
    readonly Misconfigurations?: ReadonlyArray<{
      readonly ID: string;
      readonly Status: string;
      readonly Message?: string;
      readonly CauseMetadata?: { readonly StartLine?: number; readonly EndLine?: number };
    }>;
  }>;
}

/**
 * Runs `trivy config` once over copies of `files` (paths relative to `root`), offline: the checks
 * are those built into the binary (`--skip-check-update`, an empty cache directory), no
 * telemetry, no version check, only the Kubernetes scanner.
 */
export function runTrivy(binary: string, root: string, files: readonly string[], kubeVersion: string): TrivyRun {
  const work = mkdtempSync(join(tmpdir(), 'rampart-trivy-oracle-'));
  try {
    const inputs = join(work, 'inputs');
    for (const file of files) {
      mkdirSync(join(inputs, file, '..'), { recursive: true });
      cpSync(join(root, file), join(inputs, file));
    }
    const report = join(work, 'report.json');
    const run = spawnSync(
      binary,
      [
        'config',
        '--quiet',
        '--skip-check-update',
        '--skip-version-check',
        '--disable-telemetry',
        '--cache-dir', join(work, 'cache'),
        '--misconfig-scanners', 'kubernetes',
        '--k8s-version', kubeVersion,
        '--format', 'json',
        '--output', report,
        inputs,
      ],
      // In its own working directory, so that no trivy.yaml or .trivyignore is picked up.
      { cwd: work, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, HOME: work, XDG_CACHE_HOME: join(work, 'cache') } },
    );
    if (run.status !== 0) throw new Error(`trivy config failed (${run.status}):\n${run.stderr}${run.stdout}`);
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as TrivyReport;
    const read = new Set<string>();
    const failures: TrivyFailure[] = [];
    for (const result of parsed.Results ?? []) {
      if (result.Type !== 'kubernetes') continue;
      const file = result.Target.split('\\').join('/');
      read.add(file);
      for (const m of result.Misconfigurations ?? []) {
        if (m.Status !== 'FAIL') continue;
        failures.push({ file, check: m.ID, message: m.Message ?? '', startLine: m.CauseMetadata?.StartLine ?? 0, endLine: m.CauseMetadata?.EndLine ?? 0 });
      }
    }
    return { read, failures };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
