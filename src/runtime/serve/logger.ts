import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import { createLogger } from '../../admission/serve/logger.js';

/** JSON logs of `rampart runtime`: the admission webhook's format, with `"component":"rampart-runtime"`. */
export function createRuntimeLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  return createLogger(level, destination, 'rampart-runtime');
}
