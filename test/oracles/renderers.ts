import { spawnSync } from 'node:child_process';

/*
 * The real helm and kustomize the rendering oracles run (RAMPART_TEST_HELM and
 * RAMPART_TEST_KUSTOMIZE name them, else they are looked for on the PATH; .ci/run builds both from
 * the Go module proxy). Missing, an oracle is skipped, unless RAMPART_REQUIRE_ORACLES=1.
 */

const REQUIRED = process.env.RAMPART_REQUIRE_ORACLES === '1';
export const HELM_VERSION = 'v4.3.2';
export const KUSTOMIZE_VERSION = 'v5.8.1';

function missing(why: string): undefined {
  if (REQUIRED) throw new Error(`${why}, and RAMPART_REQUIRE_ORACLES=1 requires it`);
  console.warn(`SKIPPED: ${why}; .ci/run builds it.`);
  return undefined;
}

export function findHelm(): string | undefined {
  for (const candidate of [process.env.RAMPART_TEST_HELM, 'helm']) {
    if (!candidate) continue;
    const result = spawnSync(candidate, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' });
    if (result.status === 0 && result.stdout.trim().startsWith(HELM_VERSION.split('.').slice(0, 2).join('.'))) return candidate;
  }
  return missing(`the Helm rendering oracle needs helm ${HELM_VERSION} (RAMPART_TEST_HELM, or helm on the PATH)`);
}

export function findKustomize(): string | undefined {
  for (const candidate of [process.env.RAMPART_TEST_KUSTOMIZE, 'kustomize']) {
    if (!candidate) continue;
    const result = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (result.status === 0 && result.stdout.includes(KUSTOMIZE_VERSION)) return candidate;
  }
  return missing(`the Kustomize build oracle needs kustomize ${KUSTOMIZE_VERSION} (RAMPART_TEST_KUSTOMIZE, or kustomize on the PATH)`);
}
