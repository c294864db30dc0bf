#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ so that `rampart` starts by loading a few files instead of
// hundreds of modules (about 0.1 s instead of 0.2 s before any work). Commands that need heavy
// dependencies (the webhook server, the Kubernetes client) import them dynamically: those
// imports stay separate chunks, and the dependencies stay in node_modules.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'dist/bundle');

// Small packages on every command's start-up path are inlined; every other package is loaded
// from node_modules as usual (some, like pino, find their own files at run time).
const INLINED_PACKAGES = new Set(['commander', 'js-yaml', 'picocolors', 'zod']);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** esbuild options for the CLI bundle (a test inspects what the entry loads at start-up). */
export const bundleOptions = {
  absWorkingDir: root,
  entryPoints: { rampart: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS code inside the bundle (commander) calls require() for Node.js built-ins.
  banner: { js: "import { createRequire as __rampartRequire } from 'node:module'; const require = __rampartRequire(import.meta.url);" },
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  rmSync(outdir, { recursive: true, force: true });
  await build(bundleOptions);
}
