/** A `.rampart.yaml` exemption, as an importer derives it from another tool's configuration. */
export interface ImportedExemption {
  readonly rules: readonly string[];
  readonly kinds?: readonly string[];
  readonly namespaces?: readonly string[];
  /** `namespaces` matched against the namespace as the manifest writes it. */
  readonly namespaceAsWritten?: boolean;
  readonly names?: readonly string[];
  readonly containers?: readonly string[];
  readonly reason: string;
  /** YYYY-MM-DD. */
  readonly expires?: string;
}

/** A top-level `.rampart.yaml` setting, and the other tool's setting it comes from (for the comment beside it). */
export interface ImportedSetting<T> {
  readonly value: T;
  readonly from: string;
}

/** The `helm:` settings of `.rampart.yaml` an importer can fill. */
export type ImportedHelmKey = 'values' | 'set' | 'setString' | 'setFile' | 'apiVersions' | 'kubeVersion';

/** A rule parameter's value as an import writes it: a list of strings, a string, a number, or a mapping of them. */
export type ImportedParams = string | number | readonly string[] | { readonly [key: string]: ImportedParams };

/** A check another tool's configuration skips, for good or until a date, as shared.ts's skip records it. */
export interface SkippedCheck {
  readonly tool: string;
  /** The check's id, as the coverage table writes it. */
  readonly id: string;
  /** The setting that skips it (for the comment beside the rules it turns off). */
  readonly setting: string;
  /** YYYY-MM-DD: skipped until then. */
  readonly expires?: string;
  /** The id as the configuration writes it, when it differs. */
  readonly written?: string;
  /** The reason of the exemption it becomes, when it has a date. */
  readonly reason?: string;
  /** Skipped along with another entry (the other spelling of its id): nothing is said of it. */
  readonly quiet?: boolean;
}

/** What another tool's configuration says, in Rampart's terms, and what could not be carried over. */
export interface ImportedConfig {
  /** failOn and minSeverity. */
  readonly thresholds: Map<'failOn' | 'minSeverity', ImportedSetting<string>>;
  /** Exclusion patterns; a relative one with a slash is relative to `base`, the directory of the imported file. */
  readonly exclude: Array<ImportedSetting<string> & { readonly base?: string }>;
  readonly helm: Map<ImportedHelmKey, ImportedSetting<string | readonly string[]>>;
  /** Rule → the other tool's setting that turns it off (for the comment beside it). */
  readonly off: Map<string, string>;
  /** Rules off by default that the other tool's configuration turns on, and rules it gives parameters. */
  readonly on: Map<string, string>;
  /** Parameters of rules the import turns on or sets (the keys a required-label check names, bounds of resources). */
  readonly params: Map<string, Record<string, ImportedParams>>;
  readonly exemptions: ImportedExemption[];
  /** Every rule the other tool's configuration asks for by name, on by default or not (what an allow-list keeps). */
  readonly enabled: Set<string>;
  /** An allow-list (`onlyRules:`): the rules, and the settings it comes from; none when `from` is empty. */
  readonly only: { readonly rules: Set<string>; readonly from: string[] };
  /** Custom rules (`customRules:`), each with the setting it comes from. */
  readonly customRules: Array<{ readonly rule: Record<string, unknown>; readonly from: string }>;
  /** Settings with no exact Rampart equivalent, each said in one line. */
  readonly notImported: string[];
  /** The checks the configuration being read skips, until settleSkips (shared.ts) turns their rules off. */
  readonly skipped: SkippedCheck[];
}

/** Reads one configuration file of one tool; throws ImportInputError for a file it cannot read. */
export interface ConfigImporter {
  readonly tool: string;
  read(text: string, file: string, into: ImportedConfig): void;
}

/** A configuration file that cannot be read; the message names the file (and line). */
export class ImportInputError extends Error {}

export function emptyImport(): ImportedConfig {
  return { thresholds: new Map(), exclude: [], helm: new Map(), off: new Map(), on: new Map(), params: new Map(), exemptions: [], enabled: new Set(), only: { rules: new Set(), from: [] }, customRules: [], notImported: [], skipped: [] };
}
