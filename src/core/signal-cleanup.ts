/*
 * What must be undone should Ctrl-C, a CI timeout's SIGTERM or a closed terminal end the process:
 * temporary report files to remove, helm or kustomize runs to stop. While there is something to
 * undo, these signals are handled: every cleanup runs, and the process then ends by the same
 * signal (its exit status still says it was signalled). Otherwise they keep their immediate
 * default effect. Handlers run on the event loop, so work that holds it for long lets it turn
 * every few milliseconds (runChecksYielding), and bin/rampart.js gives it a last turn before
 * exiting.
 */
const cleanups = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let handling = false;

function handle(on: boolean): void {
  if (handling === on) return;
  handling = on;
  for (const s of SIGNALS) {
    if (on) process.on(s, cleanUpAndDie);
    else process.off(s, cleanUpAndDie);
  }
}

function cleanUpAndDie(signal: NodeJS.Signals): void {
  for (const cleanup of [...cleanups]) {
    try {
      cleanup();
    } catch {
      // The process is ending by the signal either way; the other cleanups still run.
    }
  }
  cleanups.clear();
  handle(false);
  process.kill(process.pid, signal);
}

/** Runs `cleanup` should one of the signals end the process; the returned function cancels it. */
export function cleanUpOnSignal(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  handle(true);
  return () => {
    if (!cleanups.delete(cleanup) || cleanups.size > 0) return;
    // A signal that arrived while the work being undone held the event loop is delivered in the
    // loop's next poll phase: the handlers stay until after it, or the signal would be lost.
    setImmediate(() => setImmediate(() => cleanups.size === 0 && handle(false)));
  };
}
