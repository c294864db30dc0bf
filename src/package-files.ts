import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The modules run from src/ (tests), from dist/ (compiled) and from the one-file bundle in
// dist/bundle/, each at a different depth: find the package root by looking upward instead of
// counting `..`.
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'rampart') return dir;
    if (path.dirname(dir) === dir) throw new Error(`rampart's package.json not found above ${start}`);
  }
}

const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A file shipped with the package (`package.json` lists the shipped folders, such as data/). */
export function packageFile(...segments: string[]): string {
  return path.join(PACKAGE_ROOT, ...segments);
}

/** The package version from package.json. */
export const VERSION: string = (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version;
