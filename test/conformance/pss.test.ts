/*
 * Pod Security Standards conformance: upstream pod-security-admission's own fixtures
 * (test/conformance/pss/, see its README.md). At level L and version V, every pass/*.yaml must be
 * allowed and every fail/*.yaml denied with the check's reason in the denial text. Every file is
 * evaluated at every policy version whose fixtures it stands for (manifest.json ›
 * versionToDirectory: the 4,537 cases of upstream's test/testdata), and the newest directory at
 * "latest" too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../src/k8s/yaml/parse.js';
import { evaluatePod, formatPssReason, LATEST_PSS_MINOR, parsePssVersion, type PssLevel, type PodLike } from '../../src/pss/index.js';

const ROOT = fileURLToPath(new URL('./pss/', import.meta.url));

interface ManifestFile {
  readonly path: string;
  readonly level: 'baseline' | 'restricted';
  readonly version: string;
  readonly expect: 'allowed' | 'denied';
  readonly check: string | null;
  readonly expectErrorSubstring: string | null;
}

interface Manifest {
  readonly upstreamCommit: string;
  readonly extractedVersions: Record<string, number[]>;
  readonly versionToDirectory: Record<string, Record<string, string>>;
  readonly checks: Record<string, { readonly level: string; readonly versions: string[]; readonly forbiddenReasonSubstring: string; readonly overrides: string | null }>;
  readonly files: readonly ManifestFile[];
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as Manifest;

/**
 * Known deviations from upstream's expectations, by fixture path, each with its reason. Empty:
 * every fixture conforms. A case listed here is still evaluated and must still behave as listed.
 */
const KNOWN_DEVIATIONS: ReadonlyMap<string, string> = new Map();

function minor(version: string): number {
  const parsed = parsePssVersion(version);
  if (!parsed.ok || parsed.value === 'latest') throw new Error(`bad version ${version} in manifest`);
  return parsed.value;
}

const pods = new Map<string, PodLike>();
function loadPod(path: string): PodLike {
  let pod = pods.get(path);
  if (!pod) {
    const parsed = parseManifests(readFileSync(join(ROOT, path), 'utf8'), path);
    expect(parsed.problems).toEqual([]);
    expect(parsed.documents).toHaveLength(1);
    pod = parsed.documents[0]?.value as PodLike;
    expect((pod as { kind?: unknown }).kind).toBe('Pod');
    pods.set(path, pod);
  }
  return pod;
}

/** The versions a directory stands for: every vX whose versionToDirectory entry is that directory. */
function versionsOf(level: string, directory: string): string[] {
  return Object.entries(manifest.versionToDirectory[level] ?? {})
    .filter(([, dir]) => dir === directory)
    .map(([version]) => version);
}

function verdict(file: ManifestFile, level: PssLevel, version: number | 'latest'): string | undefined {
  const result = evaluatePod(loadPod(file.path), { level, version });
  const reason = formatPssReason(result.violations);
  if (file.expect === 'allowed') {
    return result.allowed ? undefined : `expected allowed, got: ${reason}`;
  }
  if (result.allowed) return 'expected denied, got allowed';
  const substrings = [file.expectErrorSubstring, file.check ? manifest.checks[file.check]?.forbiddenReasonSubstring : undefined];
  for (const substring of substrings) {
    if (substring && !reason.includes(substring)) return `expected the reason to contain ${JSON.stringify(substring)}, got: ${reason}`;
  }
  return undefined;
}

describe('PSS conformance fixtures: manifest', () => {
  it('lists exactly the fixture files on disk', () => {
    const onDisk: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (name.endsWith('.yaml')) onDisk.push(relative(ROOT, full).split('\\').join('/'));
      }
    };
    walk(join(ROOT, 'baseline'));
    walk(join(ROOT, 'restricted'));
    expect(onDisk.sort()).toEqual(manifest.files.map((f) => f.path).sort());
    expect(manifest.files).toHaveLength(1286);
  });

  it('covers every policy version up to the engine newest, and every denied case names a known check', () => {
    for (const level of ['baseline', 'restricted']) {
      expect(Object.keys(manifest.versionToDirectory[level] ?? {})).toEqual(Array.from({ length: LATEST_PSS_MINOR + 1 }, (_, i) => `v1.${i}`));
    }
    for (const file of manifest.files) {
      if (file.expect === 'denied') expect(file.check !== null && manifest.checks[file.check] !== undefined, file.path).toBe(true);
    }
  });

  it('lists no known deviation for a fixture that does not exist', () => {
    const paths = new Set(manifest.files.map((f) => f.path));
    for (const path of KNOWN_DEVIATIONS.keys()) expect(paths.has(path), path).toBe(true);
  });
});

const directories = new Map<string, ManifestFile[]>();
for (const file of manifest.files) {
  const key = `${file.level}/${file.version}`;
  directories.set(key, [...(directories.get(key) ?? []), file]);
}

let evaluated = 0;

for (const [directory, files] of directories) {
  const level = files[0]?.level as 'baseline' | 'restricted';
  const dirVersion = files[0]?.version as string;
  const versions = versionsOf(level, dirVersion);
  const newest = `v1.${Math.max(...(manifest.extractedVersions[level] ?? []))}` === dirVersion;

  describe(`PSS conformance ${directory} (also as ${versions.filter((v) => v !== dirVersion).join(', ') || 'no other version'}${newest ? ', latest' : ''})`, () => {
    it.each(files.map((f) => [f.path.slice(directory.length + 1), f] as const))('%s', (_name, file) => {
      const deviation = KNOWN_DEVIATIONS.get(file.path);
      const failures: string[] = [];
      const targets: Array<number | 'latest'> = versions.map(minor);
      if (newest) targets.push('latest');
      expect(targets).toContain(minor(dirVersion));
      for (const version of targets) {
        const problem = verdict(file, level, version);
        evaluated++;
        if (problem) failures.push(`${level}:${version === 'latest' ? 'latest' : `v1.${version}`}: ${problem}`);
      }
      if (deviation) expect(failures.length, `known deviation (${deviation}) no longer deviates`).toBeGreaterThan(0);
      else expect(failures).toEqual([]);
    });
  });
}

describe('PSS conformance: totals', () => {
  it('evaluated every fixture at every version it stands for', () => {
    // 4,537 = upstream's YAML count over all 76 version directories, plus the newest at "latest".
    const newestFiles = manifest.files.filter((f) => `v1.${Math.max(...(manifest.extractedVersions[f.level] ?? []))}` === f.version).length;
    expect(evaluated).toBe(4537 + newestFiles);
  });
});

describe('PSS conformance: privileged', () => {
  it('allows every fixture at every version', () => {
    for (const file of manifest.files) {
      for (const version of [minor(file.version), 'latest' as const]) {
        expect(evaluatePod(loadPod(file.path), { level: 'privileged', version }).allowed, file.path).toBe(true);
      }
    }
  });
});
