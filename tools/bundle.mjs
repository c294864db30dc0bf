#!/usr/bin/env node
// Bundles the CLI into one CommonJS file, dist/bundle/rampart.cjs, so that `rampart` starts by
// loading one file instead of hundreds of modules, then fills V8's code cache for it by running
// the CLI once on examples/ (src/bundle-loader.ts loads the bundle with that cache). Modules that
// only some commands need (the webhook server, the Kubernetes client) are initialized, and their
// packages loaded from node_modules, only when a command imports them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { devNull } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleCli } from './cli-bundle.mjs';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/bundle');

/**
 * The bundle runs as a vm.Script, where V8 has no module loader for `import()`: Node's option for
 * one is experimental, warns on every run, and is lost when the script comes from the code cache.
 * So the lazy `import()` of an external package (the Kubernetes client, the X.509 library) is
 * routed to a function the loader passes in (src/bundle-loader.ts), which imports as an ES
 * module does. Any other `import(` left in the bundle fails the build.
 */
function routeDynamicImports(file) {
  const routed = readFileSync(file, 'utf8').replace(/\bimport\((["'])([^"'./][^"']*)\1\)/g, (_, quote, specifier) => `__importExternal(${quote}${specifier}${quote})`);
  const left = routed.match(/\bimport\([^)]*\)/g)?.filter((m) => !m.startsWith('import()')) ?? [];
  if (left.length > 0) throw new Error(`dynamic imports the bundle cannot run: ${left.join(', ')}`);
  writeFileSync(file, routed);
}

rmSync(outdir, { recursive: true, force: true });
await bundleCli({ root, entry: 'src/cli/main.ts', outdir });
routeDynamicImports(path.join(outdir, 'rampart.cjs'));
const { loadBundle, saveCodeCache } = await import(pathToFileURL(path.join(root, 'dist/bundle-loader.js')).href);
const cli = loadBundle();
await cli.main(['node', 'rampart', 'scan', path.join(root, 'examples'), '--no-config-file', '--output', devNull]);
saveCodeCache(cli.codeCache());
