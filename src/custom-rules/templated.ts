/*
 * What rules with templated schemas, additional schemas or typed targets need (Polaris'
 * templating, multi-resource checks and typed containers), loaded only for a configuration that
 * has such rules: the typed forms of Pods and pod specs come from the tables of every client-go type.
 */
export { additionalSchemasJudge } from './additional-schemas.js';
export { polarisTemplateData, typedPodSpec } from './polaris-data.js';
export { schemaTemplate } from './schema-template.js';
