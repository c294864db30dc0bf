import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Finding, type ObjectRef, objectLabel } from '../core/finding.js';
import { fingerprint } from '../core/fingerprint.js';
import type { Problem } from '../core/result.js';
import type { RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/severity.js';
import { STDIN_NAME } from '../inputs/read.js';
import { defineFormat } from './format.js';
import { renderedPosition, repositoryLocation } from './repository-location.js';

export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

// GitHub code scanning ranks security results by this property (critical >= 9.0, high >= 7.0, ...).
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.5' };

const INFORMATION_URI = 'https://github.com/rampart-sec/rampart';

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers; results stream, one per line. */
export const sarifFormat = defineFormat({
  id: 'sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning and IDEs',
  start(header, _options, sink) {
    const ruleIndex = new Map(header.rules.map((r, i) => [r.id, i] as const));
    const tool = {
      driver: {
        name: 'Rampart',
        semanticVersion: header.tool.version,
        version: header.tool.version,
        informationUri: INFORMATION_URI,
        rules: header.rules.map(rule),
      },
    };
    const baseIds = { '%SRCROOT%': { uri: pathToFileURL(process.cwd() + path.sep).href } };
    // Columns count UTF-16 code units (the parser's string offsets), which a run must say: without
    // `columnKind`, SARIF consumers (the SARIF SDK, its viewers) count Unicode code points, and a
    // column after a character beyond the BMP on its line would be off by one per such character.
    sink.write(
      `{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n    {\n` +
        `      "tool": ${JSON.stringify(tool)},\n      "columnKind": "utf16CodeUnits",\n      "originalUriBaseIds": ${JSON.stringify(baseIds)},\n      "results": [`,
    );
    let count = 0;
    const results = new ResultSerializer(ruleIndex);
    const emit = (json: string) => sink.write(`${count++ === 0 ? '\n        ' : ',\n        '}${json}`);
    return {
      findings(batch) {
        let text = '';
        for (const f of batch) text += `${count++ === 0 ? '\n        ' : ',\n        '}${results.result(f)}`;
        sink.write(text);
      },
      end(report) {
        for (const s of report.suppressed) {
          const kind = s.suppression.kind === 'annotation' ? 'inSource' : 'external';
          emit(results.result(s.finding, `,"suppressions":${JSON.stringify([{ kind, status: 'accepted', justification: s.suppression.reason }])}`));
        }
        const notifications = [
          ...report.errors.map((p) => notification(p, 'error')),
          ...report.warnings.map((p) => notification(p, 'warning')),
        ];
        const invocations = [{ executionSuccessful: report.errors.length === 0, toolExecutionNotifications: notifications }];
        sink.write(`${count === 0 ? ']' : '\n      ]'},\n      "invocations": ${JSON.stringify(invocations)}\n    }\n  ]\n}\n`);
      },
    };
  },
});

function notification(problem: Problem, level: 'error' | 'warning') {
  return {
    level,
    message: { text: problem.message },
    descriptor: { id: problem.code },
    ...(problem.location ? { locations: [physical(problem.location.file, problem.location.line, problem.location.column)] } : {}),
  };
}

function rule(meta: RuleMeta) {
  const references = meta.references.map((r) => `- [${r.title}](${r.url})`).join('\n');
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase()),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: {
      text: `${meta.description}\n\nRemediation: ${meta.remediation}`,
      markdown: `${meta.description}\n\n**Remediation:** ${meta.remediation}${references ? `\n\n**References:**\n${references}` : ''}`,
    },
    ...(meta.references[0] ? { helpUri: meta.references[0].url } : {}),
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      tags: ['security', 'kubernetes', meta.category],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[meta.severity],
    },
  };
}

/**
 * One result as JSON, written field by field in the order and layout `JSON.stringify` gives the
 * result object (test/report/sarif-result.test.ts holds that object and compares): the parts many
 * results share (the object, the file) are serialized once, which matters at 100k+ results.
 */
export class ResultSerializer {
  private readonly objects = new WeakMap<ObjectRef, { readonly label: string; readonly json: string }>();
  private readonly files = new Map<string, string>();
  private readonly templates = new Map<string, string>();

  constructor(private readonly ruleIndex: ReadonlyMap<string, number>) {}

  result(f: Finding, extra = ''): string {
    let object = this.objects.get(f.object);
    if (object === undefined) {
      object = { label: objectLabel(f.object), json: JSON.stringify(f.object) };
      this.objects.set(f.object, object);
    }
    const index = this.ruleIndex.get(f.ruleId);
    const where = repositoryLocation(f);
    const { line, column } = where;
    const region = line === undefined ? '' : `,"region":{"startLine":${line}${column === undefined ? '' : `,"startColumn":${column}`}}`;
    const helm = f.helmTemplate === undefined || f.helmTemplate === '' ? undefined : f.helmTemplate;
    return (
      `{"ruleId":${JSON.stringify(f.ruleId)}${index === undefined ? '' : `,"ruleIndex":${index}`},"level":"${LEVEL[f.severity]}",` +
      `"message":{"text":${JSON.stringify(`${object.label}: ${f.message}${renderedPosition(f, where)}`)}},` +
      `"locations":[{"physicalLocation":{"artifactLocation":${this.artifact(where.file)}${region}},` +
      `"logicalLocations":[{"fullyQualifiedName":${JSON.stringify(`${object.label}/${f.path}`)},"kind":"object"}]}],` +
      (helm === undefined ? '' : `"relatedLocations":[{"id":1,"message":{"text":"Helm template"},"physicalLocation":{"artifactLocation":{"uri":${this.template(helm)}}}}],`) +
      `"partialFingerprints":{"rampartFinding/v1":"${fingerprint(f)}"},` +
      `"properties":{"severity":"${f.severity}","object":${object.json},"path":${JSON.stringify(f.path)}${helm === undefined ? '' : `,"helmTemplate":${JSON.stringify(helm)}`}}${extra}}`
    );
  }

  private artifact(file: string): string {
    let json = this.files.get(file);
    if (json === undefined) {
      json = JSON.stringify(physical(file).physicalLocation.artifactLocation);
      this.files.set(file, json);
    }
    return json;
  }

  private template(file: string): string {
    let json = this.templates.get(file);
    if (json === undefined) {
      json = JSON.stringify(toUri(file));
      this.templates.set(file, json);
    }
    return json;
  }
}

/**
 * Where a file is, as code scanning resolves it: relative to %SRCROOT% (the working directory,
 * the repository's root in a CI job) when it lies inside, absolute paths included, so results
 * attach to the repository's files however the paths were given; a `file://` URI when it lies
 * outside (`../other`), which a relative reference would point out of the root for.
 */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (file === STDIN_NAME) return { uri: toUri(file), uriBaseId: '%SRCROOT%' };
  const absolute = path.resolve(file);
  const inside = path.relative(process.cwd(), absolute);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return { uri: pathToFileURL(absolute).href };
  return { uri: toUri(inside), uriBaseId: '%SRCROOT%' };
}

export function physical(file: string, line?: number, column?: number) {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(file),
      ...(line !== undefined ? { region: { startLine: line, ...(column !== undefined ? { startColumn: column } : {}) } } : {}),
    },
  };
}

// A backslash separates directories on Windows only: elsewhere it is part of a name (`a\b.yaml`).
const SEPARATORS = path.sep === '\\' ? /[\\/]/ : /\//;

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function toUri(file: string): string {
  return file.split(SEPARATORS).map(encodeURIComponent).join('/');
}
