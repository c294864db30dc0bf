/**
 * A bounded FIFO of events (ring buffer). `offer` takes a whole batch or nothing, so a webhook
 * batch is either accepted (and then never lost) or refused as a unit for the sender to retry.
 */
export class BoundedQueue<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  offer(batch: readonly T[]): boolean {
    if (batch.length > this.capacity - this.count) return false;
    for (const item of batch) {
      this.items[(this.head + this.count) % this.capacity] = item;
      this.count++;
    }
    return true;
  }

  poll(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    return item;
  }
}
