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
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/bundle');

// Small packages on every command's start-up path are inlined; every other package is loaded
// from node_modules as usual (some, like pino, find their own files at run time).
const INLINED_PACKAGES = new Set(['commander', 'js-yaml', 'picocolors', 'semver', 'zod']);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

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

/** esbuild options for the CLI bundle. */
const bundleOptions = {
  absWorkingDir: root,
  entryPoints: { rampart: 'src/cli/main.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The sources are ES modules; in the bundle, import.meta.url is the bundle's own URL.
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:')) return { external: true };
          return INLINED_PACKAGES.has(packageName(args.path)) ? undefined : { external: true };
        });
      },
    },
  ],
};

rmSync(outdir, { recursive: true, force: true });
await build(bundleOptions);
routeDynamicImports(path.join(outdir, 'rampart.cjs'));
const { loadBundle, saveCodeCache } = await import(pathToFileURL(path.join(root, 'dist/bundle-loader.js')).href);
const cli = loadBundle();
await cli.main(['node', 'rampart', 'scan', path.join(root, 'examples'), '--no-config-file', '--output', devNull]);
saveCodeCache(cli.codeCache());
