import { describe, expect, it } from 'vitest';
import { cleanUpOnSignal } from './signal-cleanup.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));
const handlers = () => ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s));

// What a signal then does is tested end to end: test/cli/interrupted-write.test.ts (report files)
// and test/cli/helm.test.ts (helm runs).
describe('signal handlers for cleanups', () => {
  it('are installed while something is to be undone, and removed a loop turn after the last is cancelled', async () => {
    const before = handlers();
    const cancelFirst = cleanUpOnSignal(() => {});
    const cancelSecond = cleanUpOnSignal(() => {});
    const installed = before.map((n) => n + 1);
    expect(handlers()).toEqual(installed);
    cancelFirst();
    await turn();
    await turn();
    expect(handlers()).toEqual(installed);
    cancelSecond();
    // Kept until a signal already caught could have been delivered.
    expect(handlers()).toEqual(installed);
    await turn();
    await turn();
    expect(handlers()).toEqual(before);
  });

  it('stay when something new is to be undone before they would be removed', async () => {
    const before = handlers();
    cleanUpOnSignal(() => {})();
    const cancel = cleanUpOnSignal(() => {});
    await turn();
    await turn();
    expect(handlers()).toEqual(before.map((n) => n + 1));
    cancel();
    await turn();
    await turn();
    expect(handlers()).toEqual(before);
  });
});
