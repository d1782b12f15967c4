// Entry of the `concur-sim` executable (built to dist/simulator-cli.js; the shebang is added by the
// build). It only runs the CLI; everything testable lives in cli.ts.
import { main } from './cli.js';

void main(process.argv.slice(2)).then((run) => {
  if (run.simulator === undefined) process.exitCode = run.exitCode;
});
