/** 1-based line and column, as editors and SARIF count them. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export interface Position {
  readonly line: number;
  readonly column: number;
}
