import { mapCsv } from './map-csv.js';
import { mapDot } from './map-dot.js';
import type { MapFormat } from './map-format.js';
import { mapJson } from './map-json.js';
import { mapMarkdown } from './map-markdown.js';
import { mapMermaid } from './map-mermaid.js';
import { mapTable } from './map-table.js';

/** Output formats of `rampart netpol map`, by id. */
export const MAP_FORMATS: ReadonlyMap<string, MapFormat> = new Map([mapTable, mapJson, mapCsv, mapMarkdown, mapDot, mapMermaid].map((f) => [f.id, f]));
