// Runs the CLI from source as bin/rampart.js runs the compiled build: after the command, one pass
// through the event loop's poll phase lets a signal that arrived meanwhile end the process by it.
import { main } from '../../src/cli/main.js';

main(process.argv).then((code) => {
  setImmediate(() =>
    setImmediate(() => {
      process.exitCode = code;
    }),
  );
});
