import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { packageFile } from './package-files.js';

/*
 * The CLI runs from one CommonJS bundle (tools/bundle.mjs), compiled with V8's code cache: the
 * build runs the bundled CLI once on examples/ and saves the compiled code of every function that
 * run used. Loading it that way instead of as an ES module saves V8 compiling the CLI again on
 * every start (0.04 s for `--version`, 0.07 s for a small scan, 0.15 s for a large one). A cache
 * that V8 refuses (another Node.js version or V8 flags) is ignored: the CLI then compiles as it runs.
 */

export const BUNDLE_FILE = packageFile('dist', 'bundle', 'rampart.cjs');
export const CODE_CACHE_FILE = packageFile('dist', 'bundle', 'rampart.cache');

export interface LoadedBundle {
  main(argv: readonly string[]): Promise<number>;
  /** V8's code cache for what has run so far. */
  codeCache(): Buffer;
  /** Whether V8 refused the saved code cache; undefined when there was none. */
  readonly cacheRejected: boolean | undefined;
}

export function loadBundle(): LoadedBundle {
  const source = readFileSync(BUNDLE_FILE, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(CODE_CACHE_FILE);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __importExternal) {${source}\n})`, {
    filename: BUNDLE_FILE,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as { main?: LoadedBundle['main'] } };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  // The bundle's `import('package')` calls come here (tools/bundle.mjs): a script has no module loader.
  const importExternal = (specifier: string): Promise<unknown> => import(specifier);
  run(module.exports, createRequire(BUNDLE_FILE), module, BUNDLE_FILE, path.dirname(BUNDLE_FILE), importExternal);
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${BUNDLE_FILE} does not export main`);
  return { main, codeCache: () => script.createCachedData(), cacheRejected: cachedData ? script.cachedDataRejected === true : undefined };
}

/** Saves a code cache beside the bundle, replacing the file whole. */
export function saveCodeCache(cache: Buffer): void {
  const temp = `${CODE_CACHE_FILE}.${process.pid}.tmp`;
  writeFileSync(temp, cache);
  renameSync(temp, CODE_CACHE_FILE);
}
