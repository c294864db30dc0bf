import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';

/*
 * Kustomizations built by the real kustomize (KUSTOMIZE_VERSION; RAMPART_TEST_KUSTOMIZE names
 * it, .ci/run builds it from the Go module proxy): findings must sit at the line and column of
 * the offending field in kustomize's own output, with the overlay's patches applied.
 * test/cli/kustomize.test.ts covers the programs, flags and failures with stand-ins.
 */

const KUSTOMIZE_VERSION = 'v5.8.1';
const REQUIRED = process.env.RAMPART_REQUIRE_ORACLES === '1';
const REPO = 'test/inputs/repo';

function findKustomize(): string | undefined {
  for (const candidate of [process.env.RAMPART_TEST_KUSTOMIZE, 'kustomize']) {
    if (!candidate) continue;
    const result = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (result.status === 0 && result.stdout.includes(KUSTOMIZE_VERSION)) return candidate;
  }
  const why = `the Kustomize build oracle needs kustomize ${KUSTOMIZE_VERSION} (RAMPART_TEST_KUSTOMIZE, or kustomize on the PATH)`;
  if (REQUIRED) throw new Error(`${why}, and RAMPART_REQUIRE_ORACLES=1 requires it`);
  console.warn(`SKIPPED: ${why}; .ci/run builds it.`);
  return undefined;
}

/** The 1-based line and column of `key` in kustomize's output, in the document of `kind`. */
function positionIn(output: string, kind: string, key: string): { line: number; column: number } {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l === `kind: ${kind}`);
  const index = lines.findIndex((l, i) => i > start && new RegExp(`^\\s*(?:- )?${key}:`).test(l));
  return { line: index + 1, column: (lines[index] ?? '').indexOf(key) + 1 };
}

describe('kustomizations built by kustomize', () => {
  const kustomize = findKustomize();

  it.skipIf(!kustomize)("locates findings in kustomize build output, the overlay's patches applied", () => {
    const overlay = `${REPO}/deploy/overlays/prod`;
    const built = spawnSync(kustomize as string, ['build', overlay], { encoding: 'utf8' });
    expect(built.status).toBe(0);
    const r = rampart(['scan', `${REPO}/deploy`, '--kustomize', '--kustomize-binary', kustomize as string, '--rule', 'privileged-container,image-tag-latest', '--format', 'json']);
    expect(r.stderr).toBe('');
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; location: { file: string; line: number; column: number } }[];
    const base = spawnSync(kustomize as string, ['build', `${REPO}/deploy/base`], { encoding: 'utf8' }).stdout;
    // The base runs privileged; the prod overlay turns that off and moves the image to :latest.
    expect(findings.map((f) => [f.ruleId, f.location])).toEqual([
      ['privileged-container', { file: `kustomize build ${REPO}/deploy/base`, ...positionIn(base, 'Deployment', 'privileged') }],
      ['image-tag-latest', { file: `kustomize build ${overlay}`, ...positionIn(built.stdout, 'Deployment', 'image') }],
    ]);
  });

  it.skipIf(!kustomize)("reports kustomize's own error for a kustomization that does not build", () => {
    const r = rampart(['scan', `${REPO}/charts`, '--kustomize', '--kustomize-binary', kustomize as string, '--no-helm', '--format', 'json']);
    expect(r.code).toBe(2);
    const broken = rampart(['scan', 'test/cli/fixtures-kustomize-broken', '--kustomize', '--kustomize-binary', kustomize as string, '--format', 'json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toMatch(/^error: test\/cli\/fixtures-kustomize-broken: kustomize build failed: .*missing\.yaml/);
  });
});
