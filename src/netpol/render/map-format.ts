import type { NetpolAnalysis } from '../engine/analysis.js';
import type { Connection } from '../engine/connectivity-map.js';
import type { WorkloadExposure } from '../exposure/report.js';

/** What a map format renders. */
export interface MapDocument {
  readonly analysis: NetpolAnalysis;
  readonly connections: readonly Connection[];
  /** With `--exposure`. */
  readonly exposure?: readonly WorkloadExposure[];
}

export interface MapFormat {
  readonly id: string;
  readonly description: string;
  /** Whether it can show the exposure report too. */
  readonly exposure: boolean;
  render(doc: MapDocument, options: { readonly color: boolean }): string;
}

export function defineMapFormat(format: MapFormat): MapFormat {
  return format;
}
