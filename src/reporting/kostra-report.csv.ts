import { reportRows, type StoredKostraReportContent } from './kostra-report.js';

/**
 * The report as CSV (RFC 4180, `,`, LF line ends): a header `figure,value`, then one row per figure
 * in a fixed order, then the content hash. Values never hold a delimiter or quote, so none is quoted.
 * An empty value is a figure not attributable to this municipality (see applicantMunicipality).
 * A report stored in an older format gives the rows that format has.
 */
export function kostraReportCsv(report: StoredKostraReportContent, hash: string): string {
  const lines = ['figure,value', ...reportRows(report).map(([figure, value]) => `${figure},${value}`), `content_sha256,${hash}`];
  return `${lines.join('\n')}\n`;
}
