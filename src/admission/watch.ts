import { type FSWatcher, readFileSync, unwatchFile, watch, watchFile } from 'node:fs';
import path from 'node:path';

export interface FileWatch {
  close(): void;
}

/**
 * Calls `onChange` with the files' contents whenever any of them changes on disk. Watches each
 * file's directory (so replacing a file by rename, as editors and Kubernetes Secret and ConfigMap
 * volumes do through their `..data` symlink, is seen) and polls as a backstop; events are
 * coalesced, and nothing is reported when the contents did not actually change.
 */
export function watchFiles(files: readonly string[], onChange: (contents: Buffer[]) => void, options: { pollMs?: number; debounceMs?: number } = {}): FileWatch {
  const read = () => files.map((f) => readFileSync(f));
  let last: Buffer[] | undefined;
  try {
    last = read();
  } catch {
    last = undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const check = () => {
    timer = undefined;
    if (closed) return;
    let now: Buffer[];
    try {
      now = read();
    } catch {
      return; // Mid-replacement: a later event brings the new file.
    }
    if (last && now.length === last.length && now.every((b, i) => last?.[i]?.equals(b))) return;
    last = now;
    onChange(now);
  };
  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(check, options.debounceMs ?? 20);
  };
  const watchers: FSWatcher[] = [];
  for (const dir of new Set(files.map((f) => path.dirname(path.resolve(f))))) {
    try {
      const w = watch(dir, { persistent: false }, schedule);
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // Polling still covers this directory.
    }
  }
  const pollers: Array<[string, (curr: unknown, prev: unknown) => void]> = files.map((f) => [f, schedule]);
  for (const [f, listener] of pollers) watchFile(f, { persistent: false, interval: options.pollMs ?? 2000 }, listener);
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
      for (const [f, listener] of pollers) unwatchFile(f, listener);
    },
  };
}
