/**
 * A small CSV reader after RFC 4180, with what spreadsheets in Norway actually produce:
 * - the delimiter is `;` or `,`, decided from the header line (Excel with Norwegian settings
 *   exports `;`, because `,` is the decimal separator);
 * - fields may be quoted with `"`; a quote inside a quoted field is written twice (`""`); a quoted
 *   field may hold the delimiter and line breaks;
 * - lines end in CRLF or LF (a lone CR counts too); a UTF-8 byte order mark is dropped;
 * - the first record is the header; records whose fields are all empty (blank lines, and the `;;;`
 *   rows a spreadsheet leaves below the data) are skipped.
 *
 * A quote inside an unquoted field (`12" bolig`) is taken literally, as most spreadsheets do.
 * Structural faults that make the rest of the file unreadable throw a CsvFormatError.
 */

export type CsvDelimiter = ';' | ',';

export interface CsvRecord {
  /** The 1-based line of the file on which the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

export interface CsvDocument {
  delimiter: CsvDelimiter;
  header: CsvRecord;
  records: CsvRecord[];
}

/** The file cannot be read as CSV at all; `line` is where the fault is. */
export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    readonly rule: string,
    readonly code: string,
  ) {
    super(`line ${line}: ${rule}`);
    this.name = 'CsvFormatError';
  }
}

const BOM = '\uFEFF';

export function readCsv(input: string): CsvDocument {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records = parseRecords(text, delimiter).filter((r) => r.fields.some((f) => f !== ''));
  const [header, ...rows] = records;
  if (!header) {
    throw new CsvFormatError(1, 'the file is empty: the first line must be the header with the column names', 'CSV_EMPTY');
  }
  return { delimiter, header, records: rows };
}

/** Whichever of `;` and `,` occurs more often outside quotes on the header line; `,` on a tie. */
export function detectDelimiter(text: string): CsvDelimiter {
  let semicolons = 0;
  let commas = 0;
  let inQuotes = false;
  for (const c of text) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && c === ';') semicolons++;
    else if (!inQuotes && c === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

function parseRecords(text: string, delimiter: CsvDelimiter): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteOpenedOn = 0;
  let afterClosingQuote = false;
  let fieldStarted = false; // distinguishes an empty last field from no field at all

  const endField = () => {
    fields.push(field);
    field = '';
    afterClosingQuote = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          afterClosingQuote = true;
        }
      } else if (c === '\r' || c === '\n') {
        // A line break inside a quoted field belongs to the value; it is kept as LF.
        if (c === '\r' && text[i + 1] === '\n') i++;
        field += '\n';
        line++;
      } else {
        field += c;
      }
      continue;
    }
    if (c === delimiter) {
      endField();
      fieldStarted = true; // a delimiter always opens another field, even an empty one at the end
      continue;
    }
    if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }
    if (afterClosingQuote) {
      throw new CsvFormatError(
        line,
        `after the closing quote of a field only the delimiter (${delimiter}) or the end of the line may follow; write a quote inside a quoted field as ""`,
        'CSV_MALFORMED',
      );
    }
    if (c === '"' && field === '') {
      inQuotes = true;
      quoteOpenedOn = line;
      fieldStarted = true;
      continue;
    }
    field += c;
    fieldStarted = true;
  }
  if (inQuotes) {
    throw new CsvFormatError(quoteOpenedOn, 'a quoted field is never closed: its closing " is missing', 'CSV_UNCLOSED_QUOTE');
  }
  // The last line may or may not end with a line break.
  if (fieldStarted || field !== '' || afterClosingQuote || fields.length > 0) endRecord();
  return records;
}
