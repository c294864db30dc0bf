import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Writes a large file on a second thread while the scan goes on. Copying a report into the page
 * cache is kernel time on the writing thread (1.2 s for a 184 MB JSON report on the benchmark
 * machine), and the scan only needs it done before the file is renamed into place. Encoded
 * bytes go into a few slots of shared memory; a worker thread writes each slot in order with
 * writeSync and frees it; the main thread waits (Atomics.wait) only when every slot is taken and
 * when finishing, so writing stays synchronous for its callers, bounded in memory, and in order.
 * No library does this: worker pools post messages the blocked main thread would never read.
 */

const SLOT_BYTES = 1 << 20;
const SLOTS = 4;

// Control words: the state of each slot, the worker's error, a flag to stop writing, and who
// writes (the worker once it has started, or the main thread when the worker never came up).
const FREE = 0;
const QUEUED = 1;
const ERROR_LENGTH = SLOTS;
const CANCELLED = SLOTS + 1;
const WRITER = SLOTS + 2;
const CONTROL_WORDS = SLOTS + 3;
const UNDECIDED = 0;
const WORKER_WRITES = 1;
const MAIN_WRITES = 2;
const ERROR_BYTES = 64;
/** How long the main thread waits for a worker that has not started before writing itself. */
const START_TIMEOUT_MS = 10_000;

/** For tests: another worker program (one that never starts writing), a shorter wait for it. */
export interface BackgroundWriterOptions {
  readonly workerSource?: string;
  readonly startTimeoutMs?: number;
}

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { fd, control, slots, errorText, slotBytes } = workerData;
const words = new Int32Array(control);
const errorBytes = new Uint8Array(errorText);
const started = Atomics.compareExchange(words, ${WRITER}, ${UNDECIDED}, ${WORKER_WRITES}) === ${UNDECIDED};
Atomics.notify(words, ${WRITER});
if (started) parentPort.on('message', ({ slot, length }) => {
  if (Atomics.load(words, ${ERROR_LENGTH}) === 0 && Atomics.load(words, ${CANCELLED}) === 0) {
    const bytes = new Uint8Array(slots, slot * slotBytes, length);
    try {
      for (let done = 0; done < length; ) done += writeSync(fd, bytes, done, length - done);
    } catch (error) {
      const code = Buffer.from(String(error && error.code || (error && error.message) || error)).subarray(0, ${ERROR_BYTES});
      errorBytes.set(code);
      Atomics.store(words, ${ERROR_LENGTH}, code.length);
    }
  }
  Atomics.store(words, slot, ${FREE});
  Atomics.notify(words, slot);
});
`;

/** A write that failed, with Node.js's error code (ENOSPC) or message. */
export class BackgroundWriteError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** Appends bytes to an open descriptor from a worker thread; see the module comment. */
export class BackgroundWriter {
  private readonly words = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  private readonly slotMemory = new SharedArrayBuffer(SLOT_BYTES * SLOTS);
  private readonly errorText = new SharedArrayBuffer(ERROR_BYTES);
  private readonly worker: Worker;
  private next = 0;
  /** Slots queued for the worker, in order: written here should the worker never start. */
  private queued: { slot: number; length: number }[] = [];

  /** The size of the buffers `takeSlot` hands out. */
  static readonly slotBytes = SLOT_BYTES;

  private readonly startTimeoutMs: number;

  constructor(
    private readonly fd: number,
    options: BackgroundWriterOptions = {},
  ) {
    this.startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
    this.worker = new Worker(options.workerSource ?? WORKER_SOURCE, {
      eval: true,
      workerData: { fd, control: this.words.buffer, slots: this.slotMemory, errorText: this.errorText, slotBytes: SLOT_BYTES },
      stdout: false,
      stderr: false,
    });
    // A worker that fails to come up is handled by the start timeout in waitFor.
    this.worker.on('error', () => {});
    this.worker.unref();
  }

  /** A free slot to fill, waiting for the worker when all are queued. */
  takeSlot(): { readonly slot: number; readonly bytes: Buffer } {
    const slot = this.next;
    this.next = (this.next + 1) % SLOTS;
    this.waitFor(slot);
    this.throwIfFailed();
    this.queued = this.queued.filter((q) => q.slot !== slot);
    return { slot, bytes: Buffer.from(this.slotMemory, slot * SLOT_BYTES, SLOT_BYTES) };
  }

  /** Queues the first `length` bytes of a slot from takeSlot. */
  queue(slot: number, length: number): void {
    if (length === 0) return;
    if (Atomics.load(this.words, WRITER) === MAIN_WRITES) {
      this.writeHere(slot, length);
      return;
    }
    Atomics.store(this.words, slot, QUEUED);
    this.queued.push({ slot, length });
    this.worker.postMessage({ slot, length });
  }

  /** Writes bytes of any size after everything queued (waits for the queue to empty first). */
  writeNow(bytes: Uint8Array): void {
    this.drain();
    writeAll(this.fd, bytes);
  }

  /** Waits until everything queued is written; throws BackgroundWriteError if a write failed. */
  drain(): void {
    for (let slot = 0; slot < SLOTS; slot++) this.waitFor(slot);
    this.throwIfFailed();
  }

  /** Ends the worker once everything queued is written (throws as drain does). */
  close(): void {
    try {
      this.drain();
    } finally {
      void this.worker.terminate();
    }
  }

  /** Stops writing: what is queued is dropped, and the descriptor is free to close on return. */
  cancel(): void {
    Atomics.store(this.words, CANCELLED, 1);
    for (let slot = 0; slot < SLOTS; slot++) this.waitFor(slot);
    void this.worker.terminate();
  }

  private waitFor(slot: number): void {
    if (Atomics.load(this.words, slot) !== QUEUED) return;
    if (Atomics.load(this.words, WRITER) === UNDECIDED) {
      Atomics.wait(this.words, WRITER, UNDECIDED, this.startTimeoutMs);
      if (Atomics.compareExchange(this.words, WRITER, UNDECIDED, MAIN_WRITES) === UNDECIDED) {
        // The worker never started (a thread could not be created): write what it was given here.
        for (const q of this.queued) this.writeHere(q.slot, q.length);
        this.queued = [];
        return;
      }
    }
    while (Atomics.load(this.words, slot) === QUEUED) Atomics.wait(this.words, slot, QUEUED);
  }

  private writeHere(slot: number, length: number): void {
    try {
      if (Atomics.load(this.words, CANCELLED) === 0 && Atomics.load(this.words, ERROR_LENGTH) === 0) {
        writeAll(this.fd, new Uint8Array(this.slotMemory, slot * SLOT_BYTES, length));
      }
    } finally {
      Atomics.store(this.words, slot, FREE);
    }
  }

  private throwIfFailed(): void {
    const length = Atomics.load(this.words, ERROR_LENGTH);
    if (length > 0) throw new BackgroundWriteError(Buffer.from(this.errorText, 0, length).toString());
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}
