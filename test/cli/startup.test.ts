import { builtinModules } from 'node:module';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script without type declarations.
import { bundleOptions } from '../../tools/bundle.mjs';

type Output = Metafile['outputs'][string];

/** The bundle's output files that load when the CLI starts: the entry and what it imports statically. */
function loadedAtStart(metafile: Metafile): Output[] {
  const entry = Object.keys(metafile.outputs).find((file) => file.endsWith('bundle/rampart.js'));
  if (!entry) throw new Error('no entry in the bundle');
  const seen = new Set([entry]);
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    for (const i of metafile.outputs[file]?.imports ?? []) {
      if (i.external || i.kind !== 'import-statement' || seen.has(i.path)) continue;
      seen.add(i.path);
      queue.push(i.path);
    }
  }
  return [...seen].map((file) => metafile.outputs[file] as Output);
}

// Every command starts by loading the bundle: it must not pull in the webhook server, the
// Kubernetes client or other heavy packages that only some commands need.
describe('CLI start-up', () => {
  it('loads no package from node_modules and no heavy module until a command needs it', async () => {
    const result = await build({ ...(bundleOptions as object), write: false, metafile: true, logLevel: 'silent' });
    const outputs = loadedAtStart(result.metafile);
    const builtins = new Set(builtinModules);
    const packages = outputs.flatMap((o) => o.imports).filter((i) => i.external && i.kind === 'import-statement' && !i.path.startsWith('node:') && !builtins.has(i.path));
    expect(packages.map((i) => i.path)).toEqual([]);
    const modules = new Set(outputs.flatMap((o) => Object.keys(o.inputs)));
    expect(modules.has('src/scan/run-scan.ts')).toBe(true);
    for (const heavy of ['src/admission/serve/server.ts', 'src/admission/namespaces/kube.ts', 'src/admission/serve/metrics.ts', 'src/admission/serve/logger.ts']) {
      expect(modules.has(heavy), heavy).toBe(false);
    }
  });
});
