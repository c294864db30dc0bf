import { OTHER_TOOL_RULES } from './other-tool-rules.js';

/** Another tool's check: the tool and its check id. */
export interface OtherToolCheck {
  readonly tool: string;
  readonly id: string;
}

/** Per rule, the checks of other tools that check exactly the same thing, by tool. */
let byRule: Map<string, Record<string, string[]>> | undefined;

export function equivalentsOf(ruleId: string): Readonly<Record<string, readonly string[]>> {
  if (!byRule) {
    byRule = new Map();
    for (const [tool, ids] of Object.entries(OTHER_TOOL_RULES)) {
      for (const [id, rules] of Object.entries(ids)) {
        for (const rule of rules) {
          let tools = byRule.get(rule);
          if (!tools) byRule.set(rule, (tools = {}));
          (tools[tool] ??= []).push(id);
        }
      }
    }
  }
  return byRule.get(ruleId) ?? {};
}

/**
 * The other tools' checks a user may mean by `text`, with the Rampart rules for each. Ids are
 * matched as the tools write them (Checkov's, Kubescape's and Trivy's in any case); Trivy's also
 * in their older (`KSV017`) and AVD (`AVD-KSV-0017`) spellings.
 */
export function otherToolChecks(text: string): Array<OtherToolCheck & { readonly rules: readonly string[] }> {
  const wanted = normalize(text);
  const found: Array<OtherToolCheck & { readonly rules: readonly string[] }> = [];
  for (const [tool, ids] of Object.entries(OTHER_TOOL_RULES)) {
    for (const [id, rules] of Object.entries(ids)) if (normalize(id) === wanted) found.push({ tool, id, rules });
  }
  return found;
}

function normalize(id: string): string {
  const text = id.trim();
  const trivy = /^(?:AVD-)?KSV-?0*(\d+)$/i.exec(text);
  if (trivy) return `KSV-${(trivy[1] ?? '').padStart(4, '0')}`;
  // Checkov's and Kubescape's ids are upper case; the other tools' ids are matched as written.
  return /^(?:CKV2?_K8S_\d+|C-\d+)$/i.test(text) ? text.toUpperCase() : text;
}
