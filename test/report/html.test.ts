import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { REPORT_FORMATS } from '../../src/report/index.js';
import type { ScanReport } from '../../src/report/model.js';
import { emptyScanReport, sampleFinding } from '../helpers/sample-findings.js';

const base = sampleFinding({
  references: [{ type: 'mitre', id: 'T1611', title: 'MITRE ATT&CK T1611: Escape to Host', url: 'https://attack.mitre.org/techniques/T1611/' }],
});

function render(batches: Finding[][], problems: Partial<ScanReport> = {}): string {
  const format = REPORT_FORMATS.get('html');
  if (!format) throw new Error('html');
  let text = '';
  const writer = format.start({ tool: { name: 'rampart', version: '0' }, rules: [] }, { color: false, showSuppressed: false }, { write: (c) => (text += c) });
  for (const b of batches) writer.findings(b);
  const report = emptyScanReport();
  const bySeverity = { ...report.summary.bySeverity };
  for (const f of batches.flat()) bySeverity[f.severity]++;
  const findings = batches.flat().length;
  writer.end({ ...report, summary: { ...report.summary, objects: batches.length, findings, bySeverity, passed: findings === 0 }, ...problems });
  return text;
}

/** The elements left open or closed out of order, for the tags this report writes. */
function unbalanced(html: string): string[] {
  const stack: string[] = [];
  const wrong: string[] = [];
  for (const [, close, name] of html.matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g)) {
    if (['meta', 'br'].includes(name as string)) continue;
    if (!close) stack.push(name as string);
    else if (stack.pop() !== name) wrong.push(name as string);
  }
  return [...wrong, ...stack];
}

describe('html report', () => {
  it('groups findings by object, most severe first, each linked to its rule\'s fix and references, given once', () => {
    const html = render([[{ ...base, severity: 'medium', title: 'Other', ruleId: 'other-rule', location: { file: 'k8s/pod.yaml', line: 3, column: 1 } }, base], [{ ...base, object: { ...base.object, name: 'api' } }]]);
    expect(html.startsWith('<!doctype html>\n')).toBe(true);
    expect(html).toContain('<h2>Pod shop/web</h2>');
    expect(html.indexOf('<tr class="critical">')).toBeLessThan(html.indexOf('<tr class="medium">'));
    expect(html).toContain('runs privileged <a href="#rule-privileged-container">how to fix</a></td>');
    expect(html).toContain('<h3 id="rule-privileged-container"><code>privileged-container</code> Container runs privileged</h3>\n<p>Remove privileged: true.</p>\n<ul><li><a href="https://attack.mitre.org/techniques/T1611/" rel="noreferrer">MITRE ATT&amp;CK T1611: Escape to Host</a></li></ul>\n');
    expect(html.match(/<h3 id="rule-privileged-container">/g)).toHaveLength(1);
    expect(html).toContain('<h2 id="summary">Summary</h2>');
    expect(unbalanced(html)).toEqual([]);
  });

  it('escapes every text from the input, and has no script', () => {
    const hostile: Finding = {
      ...base,
      message: '<script>alert(1)</script> "quoted" & \'single\'',
      object: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: '<img src=x onerror=alert(1)>' },
      location: { file: 'k8s/"><b>.yaml', line: 1, column: 1 },
      helmTemplate: 'chart/templates/<i>.yaml',
    };
    const html = render([[hostile]], { errors: [{ code: 'yaml-syntax', message: 'bad <tag>', location: { file: 'x<y>.yaml', line: 2 } }] });
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<tag>|<y>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39;');
    expect(html).toContain('<li>x&lt;y&gt;.yaml:2:1: bad &lt;tag&gt;</li>');
    expect(unbalanced(html)).toEqual([]);
  });
});
