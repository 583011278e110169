import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { schemaDirectory } from '../package-root.js';
import { operationRules } from './operation-rules.js';
import { PERSONAL_DATA_ROLES, ROLES } from './roles.js';
import { personalDataFields } from './personal-data-fields.js';

/** The schema as the contract files declare it (no resolvers): what the matrix and its test walk. */
export function contractSchema(directory = schemaDirectory): GraphQLSchema {
  const files = readdirSync(directory).filter((f) => f.endsWith('.graphql')).sort();
  return buildSchema(files.map((f) => readFileSync(join(directory, f), 'utf8')).join('\n'));
}

/** Every root field of the schema as `Query.x`, `Mutation.y`, `Subscription.z`, plus the introspection entry points. */
export function rootOperations(schema: GraphQLSchema): string[] {
  const operations: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const name of Object.keys(root.getFields()).sort()) operations.push(`${root.name}.${name}`);
  }
  return [...operations, 'Query.__schema', 'Query.__type'];
}

/** The README's access matrix: every operation against every role, from operation-rules.ts. */
export function accessMatrixMarkdown(schema: GraphQLSchema): string {
  const lines = [
    '<!-- Generated from src/access/operation-rules.ts by `node dist/access/write-access-matrix.js`; test/access/operation-rules.spec.ts fails when it is stale. -->',
    '',
    '| Operation | ' + ROLES.join(' | ') + ' |',
    '|---|' + ROLES.map(() => ':-:').join('|') + '|',
  ];
  for (const operation of rootOperations(schema)) {
    const allowed = operationRules[operation] ?? [];
    lines.push(`| \`${operation}\` | ${ROLES.map((r) => (allowed.includes(r) ? '✔' : '–')).join(' | ')} |`);
  }
  const fields = personalDataFields(schema);
  lines.push(
    '',
    `Fields marked \`@personalData\` resolve in clear only for ${PERSONAL_DATA_ROLES.join(', ')} (each read recorded); other roles get the pseudonymous subject id (String/ID fields) or null.`,
    '',
    fields.length === 0
      ? 'No field is marked `@personalData` in the schema yet.'
      : `Marked fields: ${fields.map((f) => `\`${f.type}.${f.field}\` (subject: \`${f.subject}\`)`).join(', ')}.`,
    '',
  );
  return lines.join('\n');
}

export const MATRIX_BEGIN = '<!-- access-matrix:begin -->';
export const MATRIX_END = '<!-- access-matrix:end -->';

/** The matrix as it stands in the README, between its markers; null when the markers are missing. */
export function matrixInReadme(readme: string): string | null {
  const begin = readme.indexOf(MATRIX_BEGIN);
  const end = readme.indexOf(MATRIX_END);
  if (begin < 0 || end < begin) return null;
  return readme.slice(begin + MATRIX_BEGIN.length + 1, end);
}

/** The README with the matrix between its markers replaced by `matrix`. */
export function readmeWithMatrix(readme: string, matrix: string): string {
  const begin = readme.indexOf(MATRIX_BEGIN);
  const end = readme.indexOf(MATRIX_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${MATRIX_BEGIN} … ${MATRIX_END} markers`);
  return readme.slice(0, begin + MATRIX_BEGIN.length) + '\n' + matrix + readme.slice(end);
}
