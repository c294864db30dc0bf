/**
 * The k8saudit plugin's default maxEventSize (plugin-sdk-go's DefaultEvtSize): an event larger than
 * this, in bytes, as the plugin writes it back (its JSON without whitespace between tokens), is dropped.
 * In a module of its own, apart from events.ts (which loads lossless-json): the runtime command's
 * options name it at start-up.
 */
export const DEFAULT_MAX_EVENT_SIZE = 262_144;
