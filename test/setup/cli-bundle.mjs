// Global setup of the tests: bundles the CLI from the sources as they are (test/helpers/cli-entry.ts,
// which runs src/cli/main.ts as bin/rampart.js runs the build), once per test run. The CLI tests
// run it as `node <bundle>`: starting the CLI from the TypeScript sources through a loader costs
// about a second per run, the bundle a fifth of that.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { bundleCli } from '../../tools/cli-bundle.mjs';

const root = path.resolve(import.meta.dirname, '../..');
// Under the root, so that the packages left out of the bundle resolve from node_modules; one
// folder per run, so that two runs at once do not replace each other's bundle.
const outdir = path.join(root, 'node_modules/.cache/rampart-test-cli', String(process.pid));

export default async function setup(project) {
  await bundleCli({ root, entry: 'test/helpers/cli-entry.ts', outdir });
  project.provide('cliBundle', path.join(outdir, 'rampart.cjs'));
  return () => rmSync(outdir, { recursive: true, force: true });
}
