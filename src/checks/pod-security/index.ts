import type { Check } from '../api.js';
import privilegedContainer from './privileged-container/index.js';

export const podSecurityChecks: readonly Check[] = [privilegedContainer];
