import { podSecurityChecks } from './pod-security/index.js';
import { CheckRegistry } from './registry.js';

/** Every manifest check, by family. Families list their checks in their own index.ts. */
export const CHECKS = new CheckRegistry([...podSecurityChecks]);
