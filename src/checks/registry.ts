import { RULE_ID } from '../core/rule.js';
import type { Check } from './api.js';

/** The checks of a scan, by id. A duplicate or malformed id is a bug and throws at start-up. */
export class CheckRegistry {
  private readonly byId = new Map<string, Check>();

  constructor(checks: readonly Check[]) {
    for (const check of checks) {
      if (!RULE_ID.test(check.id)) throw new Error(`check id "${check.id}" is not kebab-case`);
      if (this.byId.has(check.id)) throw new Error(`duplicate check id "${check.id}"`);
      this.byId.set(check.id, check);
    }
  }

  get(id: string): Check | undefined {
    return this.byId.get(id);
  }

  all(): readonly Check[] {
    return [...this.byId.values()];
  }
}
