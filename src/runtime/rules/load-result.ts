/** Falco's load result codes (falco_load_result.h), kept verbatim so scripts can match on them. */
export const ERROR_CODES = ['LOAD_ERR_FILE_READ', 'LOAD_ERR_YAML_PARSE', 'LOAD_ERR_YAML_VALIDATE', 'LOAD_ERR_COMPILE_CONDITION', 'LOAD_ERR_COMPILE_OUTPUT', 'LOAD_ERR_VALIDATE', 'LOAD_ERR_EXTENSION'] as const;
export const WARNING_CODES = [
  'LOAD_UNKNOWN_SOURCE',
  'LOAD_UNSAFE_NA_CHECK',
  'LOAD_NO_EVTTYPE',
  'LOAD_UNKNOWN_FIELD',
  'LOAD_UNUSED_MACRO',
  'LOAD_UNUSED_LIST',
  'LOAD_UNKNOWN_ITEM',
  'LOAD_DEPRECATED_ITEM',
  'LOAD_WARNING_EXTENSION',
  'LOAD_APPEND_NO_VALUES',
  'LOAD_EXCEPTION_NAME_NOT_UNIQUE',
  'LOAD_INVALID_MACRO_NAME',
  'LOAD_INVALID_LIST_NAME',
  'LOAD_COMPILE_CONDITION',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type WarningCode = (typeof WARNING_CODES)[number];

export const CODE_DESCRIPTIONS: Readonly<Record<ErrorCode | WarningCode, string>> = {
  LOAD_ERR_FILE_READ: 'File read error',
  LOAD_ERR_YAML_PARSE: 'YAML parse error',
  LOAD_ERR_YAML_VALIDATE: 'Error validating internal structure of YAML file',
  LOAD_ERR_COMPILE_CONDITION: 'Error compiling condition',
  LOAD_ERR_COMPILE_OUTPUT: 'Error compiling output',
  LOAD_ERR_VALIDATE: 'Error validating rule/macro/list/exception objects',
  LOAD_ERR_EXTENSION: 'Error in extension item',
  LOAD_UNKNOWN_SOURCE: 'Unknown event source',
  LOAD_UNSAFE_NA_CHECK: 'Unsafe <NA> comparison in condition',
  LOAD_NO_EVTTYPE: 'Condition has no event-type restriction',
  LOAD_UNKNOWN_FIELD: 'Unknown field or event-type in condition or output',
  LOAD_UNUSED_MACRO: 'Unused macro',
  LOAD_UNUSED_LIST: 'Unused list',
  LOAD_UNKNOWN_ITEM: 'Unknown rules file item',
  LOAD_DEPRECATED_ITEM: 'Used deprecated item',
  LOAD_WARNING_EXTENSION: 'Warning in extension item',
  LOAD_APPEND_NO_VALUES: 'Overriding/appending with no values',
  LOAD_EXCEPTION_NAME_NOT_UNIQUE: 'Multiple exceptions defined with the same name',
  LOAD_INVALID_MACRO_NAME: 'Invalid macro name',
  LOAD_INVALID_LIST_NAME: 'Invalid list name',
  LOAD_COMPILE_CONDITION: 'Condition has issues',
};

/** Where a load message points: the item (rule, macro, list, exception, ...) and its file position. */
export interface ItemContext {
  readonly itemType: string;
  readonly itemName: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export interface LoadMessage extends ItemContext {
  readonly severity: 'error' | 'warning';
  readonly code: ErrorCode | WarningCode;
  readonly message: string;
}

/** An expected load failure raised while reading or compiling one item; caught per item. */
export class RuleLoadError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly ctx: ItemContext) {
    super(message);
  }
}

/** `file:line:col: error CODE: message (rule 'name')`, the one-line form used on stderr. */
export function formatLoadMessage(m: LoadMessage): string {
  const where = m.line === undefined ? m.file : `${m.file}:${m.line}:${m.column ?? 1}`;
  const item = m.itemName === '' ? m.itemType : `${m.itemType} '${m.itemName}'`;
  return `${where}: ${m.severity} ${m.code}: ${m.message} (${item})`;
}
