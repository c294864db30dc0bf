import type { Alert } from '../engine.js';

/** Where alerts go. `send` never blocks or throws: a sink buffers, retries and counts its own drops. */
export interface AlertSink {
  readonly name: string;
  send(alert: Alert): void;
  /** Delivers what is buffered (bounded by the sink's own timeouts), then releases resources. */
  close(): Promise<void>;
}

export interface SinkEvents {
  delivered(sink: string): void;
  dropped(sink: string, reason: 'buffer_full' | 'failed'): void;
  error(sink: string, message: string): void;
}
