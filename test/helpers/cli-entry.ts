// Runs the CLI from source, exactly as bin/rampart.js runs the compiled build.
import { main } from '../../src/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
