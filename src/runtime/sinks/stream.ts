import { createWriteStream, type WriteStream } from 'node:fs';
import type { Alert } from '../engine.js';
import { type FalcoJsonOptions, falcoJson } from '../output/falco-json.js';
import type { AlertSink, SinkEvents } from './sink.js';

export type LineFormat = 'json' | 'text';

const line = (alert: Alert, format: LineFormat, json: FalcoJsonOptions) => `${format === 'json' ? falcoJson(alert, json) : alert.output}\n`;

/** Alerts on standard output, one per line: Falco JSON or Falco's text line. */
export function stdoutSink(format: LineFormat, events: SinkEvents, json: FalcoJsonOptions = {}, write: (s: string) => void = (s) => void process.stdout.write(s)): AlertSink {
  return {
    name: 'stdout',
    send(alert) {
      write(line(alert, format, json));
      events.delivered('stdout');
    },
    close: () => Promise.resolve(),
  };
}

/** Alerts appended to a file as JSON lines (Falco's file_output with json_output). */
export function fileSink(path: string, events: SinkEvents, format: LineFormat = 'json'): AlertSink {
  const stream: WriteStream = createWriteStream(path, { flags: 'a' });
  let failed = false;
  stream.on('error', (error) => {
    if (!failed) events.error('file', `cannot write alerts to ${path}: ${error.message}`);
    failed = true;
  });
  return {
    name: 'file',
    send(alert) {
      if (failed) {
        events.dropped('file', 'failed');
        return;
      }
      stream.write(line(alert, format, {}));
      events.delivered('file');
    },
    close: () => new Promise((resolve) => stream.end(resolve)),
  };
}
