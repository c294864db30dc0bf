import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * The differential oracles are small Go programs built on the upstream libraries. Without a Go
 * toolchain (1.26+) on PATH they are skipped with a notice, so `npm test` works on a machine
 * without Go; CI (`.ci/run`) installs Go and sets RAMPART_REQUIRE_ORACLES=1, which turns a missing
 * toolchain into a failure instead.
 */

const REQUIRED = process.env.RAMPART_REQUIRE_ORACLES === '1';

function goVersion(): string | undefined {
  const result = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const match = /go1\.(\d+)/.exec(result.stdout);
  return match && Number(match[1]) >= 26 ? result.stdout.trim() : undefined;
}

/** Whether the oracle can run here; says why not on stderr, and throws when CI requires it. */
export function goAvailable(oracle: string): boolean {
  if (goVersion()) return true;
  const why = `the ${oracle} differential oracle needs the Go toolchain (\`go\` 1.26+ on PATH, https://go.dev/dl/)`;
  if (REQUIRED) throw new Error(`${why}, and RAMPART_REQUIRE_ORACLES=1 requires it`);
  console.warn(`SKIPPED: ${why}; .ci/run installs it.`);
  return false;
}

/** What a build needs beyond `go build`: environment variables (GOEXPERIMENT) and linker flags. */
export interface GoBuildOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly ldflags?: string;
}

/**
 * Builds the Go program in `dir` (or the main package `pkg` of a module `dir` requires) into a
 * temporary directory; `remove()` deletes it.
 */
export function buildGoOracle(dir: string, oracle: string, pkg = '.', options: GoBuildOptions = {}): { binary: string; remove(): void } {
  const workDir = mkdtempSync(join(tmpdir(), `rampart-${oracle}-oracle-`));
  const binary = join(workDir, process.platform === 'win32' ? 'oracle.exe' : 'oracle');
  const build = spawnSync('go', ['build', '-o', binary, ...(options.ldflags ? ['-ldflags', options.ldflags] : []), pkg], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...options.env, GOFLAGS: [process.env.GOFLAGS, '-mod=mod', '-buildvcs=false'].filter(Boolean).join(' ') },
  });
  if (build.status !== 0) {
    rmSync(workDir, { recursive: true, force: true });
    throw new Error(`go build of the ${oracle} oracle failed:\n${build.stderr}${build.stdout}`);
  }
  return { binary, remove: () => rmSync(workDir, { recursive: true, force: true }) };
}
