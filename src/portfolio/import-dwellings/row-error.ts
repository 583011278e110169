/**
 * Why a row (or the whole file) of an import was refused. `line` is the 1-based line of the file
 * on which the row starts; `column` the header name of the cell at fault, or null when the fault
 * is the row or the file as a whole; `rule` a sentence saying what the cell must be; `code` the
 * stable code, the same as the API gives for the same rule (e.g. INVALID_POSTAL_CODE).
 */
export interface RowError {
  line: number;
  column: string | null;
  rule: string;
  code: string;
}

/** `line 7, column postal_code: must be exactly 4 digits, e.g. '0150' (INVALID_POSTAL_CODE)` */
export function formatRowError(error: RowError): string {
  const where = error.column === null ? `line ${error.line}` : `line ${error.line}, column ${error.column}`;
  return `${where}: ${error.rule} (${error.code})`;
}
