#!/usr/bin/env node
import { loadBundle } from '../dist/bundle-loader.js';

const afterNextPoll = (callback) => setImmediate(() => setImmediate(callback));

loadBundle()
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
    // Every command has finished its work, servers included, when main resolves. Leaving the event
    // loop to end by itself would then tear down the whole heap page by page first (0.15 s after
    // a 10,000-workload scan); exit as soon as what was written to stdout and stderr is out.
    // First a pass through the event loop's poll phase: a SIGINT or SIGTERM that arrived while the
    // command ran synchronously is still queued there, and its handler (which removes temporary
    // report files and ends the process by that signal) must run rather than be lost to a normal
    // exit code. One setImmediate is not enough when main resolved in a poll callback: its check
    // phase comes before the next poll; the second runs after it.
    afterNextPoll(() => {
      const pending = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
      if (pending.length === 0) process.exit(code);
      let left = pending.length;
      for (const stream of pending) {
        stream.once('drain', () => {
          if (--left === 0) process.exit(code);
        });
      }
    });
  });
