import { CsvFormatError, readCsv } from './csv-reader.js';

function formatError(text: string): CsvFormatError {
  try {
    readCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) return error;
    throw error;
  }
  throw new Error('expected a CsvFormatError');
}

describe('CSV reader (RFC 4180, as Norwegian spreadsheets write it)', () => {
  it('reads a header and records, each with the line it starts on', () => {
    const doc = readCsv('a,b,c\n1,2,3\n4,5,6\n');
    expect(doc.header).toEqual({ line: 1, fields: ['a', 'b', 'c'] });
    expect(doc.records).toEqual([
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('takes ; as the delimiter when the header has more ; than , (Excel with Norwegian settings)', () => {
    const doc = readCsv('street;primary_area_m2\nStorgata 1, 2. etg;62,5\n');
    expect(doc.delimiter).toBe(';');
    expect(doc.records[0]!.fields).toEqual(['Storgata 1, 2. etg', '62,5']);
  });

  it('takes , as the delimiter when the header uses ,', () => {
    expect(readCsv('a,b;c\n1,2;3').delimiter).toBe(',');
    expect(readCsv('a,b;c\n1,2;3').records[0]!.fields).toEqual(['1', '2;3']);
  });

  it('ignores delimiters inside a quoted header name when choosing', () => {
    expect(readCsv('"a;b;c",d,e\n1,2,3').delimiter).toBe(',');
  });

  it('reads quoted fields holding the delimiter, a line break, and escaped quotes', () => {
    const doc = readCsv('a;b;c\n"x;y";"first\nsecond";"He said ""hei"""\n');
    expect(doc.records).toEqual([{ line: 2, fields: ['x;y', 'first\nsecond', 'He said "hei"'] }]);
  });

  it('counts lines inside quoted fields, so the next record has its real line number', () => {
    const doc = readCsv('a,b\n"1\n2\n3",x\ny,z\n');
    expect(doc.records.map((r) => r.line)).toEqual([2, 5]);
  });

  it('accepts CRLF, LF and a lone CR as line ends, and keeps a CRLF inside quotes as LF', () => {
    const doc = readCsv('a,b\r\n1,"x\r\ny"\r\n2,3\r4,5');
    expect(doc.records).toEqual([
      { line: 2, fields: ['1', 'x\ny'] },
      { line: 4, fields: ['2', '3'] },
      { line: 5, fields: ['4', '5'] },
    ]);
  });

  it('drops a UTF-8 byte order mark, so the first column name is found', () => {
    const doc = readCsv('\uFEFFkommunenummer;gardsnummer\n1505;12\n');
    expect(doc.header.fields).toEqual(['kommunenummer', 'gardsnummer']);
    expect(doc.delimiter).toBe(';');
  });

  it('keeps empty fields, also a last empty field', () => {
    expect(readCsv('a;b;c\n;;x\ny;;\n').records.map((r) => r.fields)).toEqual([
      ['', '', 'x'],
      ['y', '', ''],
    ]);
  });

  it('reads a last record that has no line break after it', () => {
    expect(readCsv('a,b\n1,"2"').records).toEqual([{ line: 2, fields: ['1', '2'] }]);
  });

  it('skips blank lines and the all-empty rows a spreadsheet leaves below the data', () => {
    const doc = readCsv('a;b\n\n1;2\n;\n\n3;4\n;;\n');
    expect(doc.records).toEqual([
      { line: 3, fields: ['1', '2'] },
      { line: 6, fields: ['3', '4'] },
    ]);
  });

  it('keeps an empty quoted field as an empty value', () => {
    expect(readCsv('a,b\n"",x').records[0]!.fields).toEqual(['', 'x']);
  });

  it('takes a quote inside an unquoted field literally', () => {
    expect(readCsv('a,b\n12" bolig,x').records[0]!.fields).toEqual(['12" bolig', 'x']);
  });

  it('refuses an empty file: the header row is required', () => {
    expect(formatError('')).toMatchObject({ line: 1, code: 'CSV_EMPTY' });
    expect(formatError('\uFEFF\n\n')).toMatchObject({ code: 'CSV_EMPTY' });
  });

  it('refuses a quoted field that is never closed, naming the line where it opens', () => {
    const error = formatError('a,b\n1,2\n3,"open\n4,5\n');
    expect(error).toMatchObject({ line: 3, code: 'CSV_UNCLOSED_QUOTE' });
    expect(error.rule).toMatch(/never closed/);
  });

  it('refuses text after the closing quote of a field', () => {
    expect(formatError('a,b\n"x"y,2\n')).toMatchObject({ line: 2, code: 'CSV_MALFORMED' });
  });
});
