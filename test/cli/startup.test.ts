import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs the bundled CLI in a fresh process and lists the packages it loaded from node_modules. */
function packagesLoadedBy(args: readonly string[]): string[] {
  const script = `
    import { createRequire } from 'node:module';
    import { loadBundle } from './dist/bundle-loader.js';
    await loadBundle().main(['node', 'rampart', ...${JSON.stringify(args)}]);
    const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('node_modules'));
    console.log(JSON.stringify([...new Set(loaded.map((f) => f.split('node_modules/').pop().split('/').slice(0, f.includes('node_modules/@') ? 2 : 1).join('/')))]));
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '[]') as string[];
}

// Every command starts by loading the bundle: it must not pull in the webhook server, the
// Kubernetes client or other heavy packages that only some commands need.
describe('CLI start-up', () => {
  it('loads no package from node_modules to scan, or to show the help of a command that needs some', () => {
    expect(packagesLoadedBy(['scan', 'examples', '--no-config-file', '--output', '/dev/null'])).toEqual([]);
    expect(packagesLoadedBy(['admission', 'serve', '--help'])).toEqual([]);
  });

  // Tests run the CLI from source; these commands import a package lazily, which a script compiled
  // from the code cache cannot do by itself.
  it('loads the packages some commands import lazily, from the bundle as installed', () => {
    const dir = tempDir();
    const certs = spawnSync(process.execPath, ['bin/rampart.js', 'admission', 'certs', '--out', path.join(dir, 'certs'), '--dns', 'rampart.test.svc'], { cwd: root, encoding: 'utf8' });
    expect(certs.stderr).toBe('');
    expect(certs.status).toBe(0);
    const cluster = spawnSync(process.execPath, ['bin/rampart.js', 'scan', '--cluster', '--kubeconfig', path.join(dir, 'missing')], { cwd: root, encoding: 'utf8' });
    expect(cluster.stderr.trim()).toBe(`rampart scan: ${path.join(dir, 'missing')}: cannot load the kubeconfig: ENOENT: no such file or directory, open '${path.join(dir, 'missing')}'`);
    expect(cluster.status).toBe(2);
  });

  it('ships a V8 code cache beside the bundle, which V8 accepts', () => {
    const script = "import { loadBundle } from './dist/bundle-loader.js'; console.log(loadBundle().cacheRejected);";
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(result.stdout.trim()).toBe('false');
  });
});
