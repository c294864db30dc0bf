import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { fail, ok, type Result } from '../core/result.js';
import { asArray, asRecord, asString } from '../k8s/access.js';
import { KUSTOMIZATION_FILES } from './kustomize.js';
import type { SourceText } from './load.js';
import { runRenderer } from './run-renderer.js';

/**
 * How kustomizations met in the inputs are built (`--kustomize`): with the `kustomize` program,
 * or kubectl's built-in copy (`kubectl kustomize`) where kustomize is not installed.
 */
export interface KustomizeBuilding {
  /** `--kustomize-binary`: kustomize, or kubectl (told apart by the program's name). */
  readonly binary?: string | undefined;
  /** Let kustomize fetch remote resources (git repositories, URLs); refused otherwise, as the scan is offline. */
  readonly allowRemote: boolean;
}

/** What a command line or configuration file asks for: whether to build, and with what. */
export interface KustomizeRequest {
  readonly build: boolean;
  readonly binary?: string | undefined;
  readonly allowRemote: boolean;
}

/** The building asked for by either of them (the command line's program), or undefined when neither builds. */
export function kustomizeBuilding(...requests: readonly (KustomizeRequest | undefined)[]): KustomizeBuilding | undefined {
  if (!requests.some((r) => r?.build === true)) return undefined;
  const binary = requests.find((r) => r?.binary !== undefined)?.binary;
  return { ...(binary !== undefined ? { binary } : {}), allowRemote: requests.some((r) => r?.allowRemote === true) };
}

const BUILT_PREFIX = 'kustomize build ';
/** The name reports give a kustomization's built manifests: what to run to see the lines they cite. */
export function builtKustomizationName(dir: string): string {
  return BUILT_PREFIX + dir;
}

/** The kustomization directory whose build a finding's file is, if it is. */
export function builtKustomizationPath(file: string): string | undefined {
  return file.startsWith(BUILT_PREFIX) ? file.slice(BUILT_PREFIX.length) : undefined;
}

/** The kustomization file of a directory (kustomization.yaml, .yml or Kustomization), if it has one. */
export function kustomizationFile(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILES) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

// Git and HTTP references as kustomize reads them (github.com/org/repo//path?ref=v1, https://..., git@...).
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?(?:ref|version|timeout|submodules)=/i;

/**
 * The remote resources a kustomization uses, directly or through the local kustomizations it
 * names (resources, bases, components): kustomize would fetch them, so the scan would reach the
 * network. A local path that exists is never remote, whatever it looks like.
 */
export function remoteReferences(dir: string, seen = new Set<string>()): string[] {
  const real = path.resolve(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const file = kustomizationFile(dir);
  if (!file) return [];
  let parsed: unknown;
  try {
    parsed = yaml.load(readFileSync(file, 'utf8'));
  } catch {
    return []; // kustomize reports a broken kustomization itself.
  }
  const kustomization = asRecord(parsed);
  const remote: string[] = [];
  for (const key of ['resources', 'bases', 'components'] as const) {
    for (const entry of asArray(kustomization?.[key])) {
      const reference = asString(entry);
      if (!reference) continue;
      const local = path.resolve(dir, reference);
      if (isDirectory(local)) remote.push(...remoteReferences(local, seen));
      else if (!existsSync(local) && REMOTE.test(reference)) remote.push(reference);
    }
  }
  return remote;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Builds one kustomization; every way it can fail is a one-line problem naming the directory. */
export async function buildKustomization(dir: string, building: KustomizeBuilding): Promise<Result<SourceText>> {
  const where = { file: dir };
  if (!building.allowRemote) {
    const remote = remoteReferences(dir);
    if (remote.length > 0) {
      return fail({
        code: 'kustomize-remote',
        message: `uses remote resources, which kustomize would fetch over the network (${remote.slice(0, 3).join(', ')}${remote.length > 3 ? ', ...' : ''}): pass --kustomize-allow-remote to let it, or scan a build made beforehand`,
        location: where,
      });
    }
  }
  // A directory named like a flag (`--enable-exec`, in a scanned repository) stays a path.
  const target = dir.startsWith('-') ? `.${path.sep}${dir}` : dir;
  const programs = building.binary ? [building.binary] : ['kustomize', 'kubectl'];
  for (const program of programs) {
    const args = path.basename(program).startsWith('kubectl') ? ['kustomize', target] : ['build', target];
    const run = await runRenderer(program, args, 'kustomize build', { failed: 'kustomize-build-failed', warning: 'kustomize-warning' }, where);
    if (run.ok) return ok({ name: builtKustomizationName(dir), text: run.stdout, warnings: run.warnings });
    if (!run.missing) return fail(run.problem);
  }
  return fail({
    code: 'kustomize-build-failed',
    message: `is a kustomization to build (--kustomize), and no program to build it was found (${programs.map((p) => `"${p}"`).join(' or ')}): install kustomize or kubectl, or name one with --kustomize-binary`,
    location: where,
  });
}
