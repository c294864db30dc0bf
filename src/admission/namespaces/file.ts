import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { asArray, asRecord, asString, asStringMap } from '../../k8s/access.js';
import { loadAllGoYaml } from '../../k8s/yaml/kubernetes-schema.js';
import { type FileWatch, watchFiles } from '../watch.js';
import { FixedNamespaces, type NamespaceInfo } from './source.js';

/** Namespace objects from YAML or JSON text: documents, `List`s (`kubectl get ns -o yaml`), skipping anything else. */
export function parseNamespaces(text: string, file: string): NamespaceInfo[] {
  const namespaces: NamespaceInfo[] = [];
  const add = (value: unknown) => {
    const record = asRecord(value);
    if (!record) return;
    const kind = asString(record.kind);
    if (kind?.endsWith('List')) {
      for (const item of asArray(record.items)) add(item);
      return;
    }
    if (kind !== 'Namespace') return;
    const metadata = asRecord(record.metadata);
    const name = asString(metadata?.name);
    if (name) namespaces.push({ name, labels: asStringMap(metadata?.labels) });
  };
  for (const document of loadAllGoYaml(text, { filename: file })) add(document);
  return namespaces;
}

export function readNamespacesFile(file: string): NamespaceInfo[] {
  return parseNamespaces(readFileSync(file, 'utf8'), file);
}

/**
 * Namespace labels from a file of Namespace objects (`--namespaces`), reloaded when it changes.
 * A namespace the file does not list has no labels: the cluster defaults apply to it. A reload
 * that fails to parse keeps the previous namespaces. Emits `reload` (count) and `reload-error` (message).
 */
export class FileNamespaces extends FixedNamespaces {
  readonly events = new EventEmitter();
  private watcher: FileWatch | undefined;

  constructor(private readonly file: string) {
    super(readNamespacesFile(file));
  }

  watch(): this {
    this.watcher = watchFiles([this.file], ([content]) => {
      try {
        const namespaces = parseNamespaces(content?.toString('utf8') ?? '', this.file);
        this.replace(namespaces);
        this.events.emit('reload', namespaces.length);
      } catch (error) {
        this.events.emit('reload-error', error instanceof Error ? error.message : String(error));
      }
    });
    return this;
  }

  override close(): Promise<void> {
    this.watcher?.close();
    return Promise.resolve();
  }
}
