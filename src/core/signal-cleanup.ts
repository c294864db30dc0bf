/**
 * What must be undone should Ctrl-C, a CI timeout's SIGTERM or a closed terminal end the process:
 * temporary report files to remove, helm or kustomize runs to stop. From the first registration
 * on, these signals are handled: every cleanup runs, and the process then ends by the same signal
 * (its exit status still says it was signalled). Signals before any registration keep their
 * immediate default effect. Handlers run on the event loop, so work that holds it for long lets
 * it turn every few milliseconds (runChecksYielding), and bin/rampart.js gives it a last turn
 * before exiting.
 */
const cleanups = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let handling = false;

function cleanUpAndDie(signal: NodeJS.Signals): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // The process is ending by the signal either way; the other cleanups still run.
    }
  }
  cleanups.clear();
  for (const s of SIGNALS) process.off(s, cleanUpAndDie);
  handling = false;
  process.kill(process.pid, signal);
}

/** Runs `cleanup` should one of the signals end the process; the returned function cancels it. */
export function cleanUpOnSignal(cleanup: () => void): () => void {
  if (!handling) for (const s of SIGNALS) process.on(s, cleanUpAndDie);
  handling = true;
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}
