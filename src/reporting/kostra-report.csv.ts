import { reportRows, type KostraReport } from './kostra-report.js';

/**
 * The report as CSV (RFC 4180, `,`, LF line ends): a header `figure,value`, then one row per figure
 * in a fixed order, then the content hash. Values never hold a delimiter or quote, so none is quoted.
 * An empty value is a figure not attributable to this municipality (see applicantMunicipality).
 */
export function kostraReportCsv(report: KostraReport, hash: string): string {
  const lines = ['figure,value', ...reportRows(report).map(([figure, value]) => `${figure},${value}`), `content_sha256,${hash}`];
  return `${lines.join('\n')}\n`;
}
