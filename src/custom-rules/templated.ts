/*
 * What rules with templated schemas or additional schemas need (Polaris' templating and
 * multi-resource checks), loaded only for a configuration that has such rules: the typed forms of
 * Pods and pod specs come from the tables of every client-go type.
 */
export { additionalSchemasJudge } from './additional-schemas.js';
export { polarisTemplateData } from './polaris-data.js';
export { schemaTemplate } from './schema-template.js';
