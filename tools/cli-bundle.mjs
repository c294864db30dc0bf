// esbuild's bundle of the CLI: one CommonJS file. tools/bundle.mjs builds the product's
// (dist/bundle/, loaded by src/bundle-loader.ts); the tests' global setup builds one of the
// sources as they are (test/setup/cli-bundle.mjs), so that the CLI tests do not compile the
// TypeScript sources on every run of the CLI.
import { build } from 'esbuild';

// Small packages on every command's start-up path are inlined; every other package is loaded
// from node_modules as usual (some, like pino, find their own files at run time).
const INLINED_PACKAGES = new Set(['commander', 'js-yaml', 'picocolors', 'semver', 'zod']);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Bundles `entry` (relative to `root`) into `outdir/rampart.cjs`. The file must lie under `root`
 * so that the packages left out of it resolve from root's node_modules.
 */
export async function bundleCli({ root, entry, outdir }) {
  await build({
    absWorkingDir: root,
    entryPoints: { rampart: entry },
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
  });
}
