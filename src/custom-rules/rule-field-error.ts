/** What is wrong with one field of a custom rule, and the field's place in the rule (for the line in the file). */
export class RuleFieldError extends Error {
  constructor(
    message: string,
    readonly field: ReadonlyArray<string | number>,
  ) {
    super(message);
  }
}
