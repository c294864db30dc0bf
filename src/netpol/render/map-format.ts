import type { NetpolAnalysis } from '../engine/analysis.js';
import type { Connection } from '../engine/connectivity-map.js';
import type { WorkloadExposure } from '../exposure/report.js';
import { type ReportSink, renderToString } from '../../report/format.js';

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
  /** Writes the map to `sink` as it goes: a map can have millions of connections. */
  render(doc: MapDocument, options: { readonly color: boolean }, sink: ReportSink): void;
}

/** The whole map as one string (for small maps and tests). */
export function renderMap(format: MapFormat, doc: MapDocument, options: { readonly color: boolean }): string {
  return renderToString((sink) => format.render(doc, options, sink));
}

export function defineMapFormat(format: MapFormat): MapFormat {
  return format;
}
