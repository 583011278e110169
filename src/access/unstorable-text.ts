import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';

/**
 * Text no field can hold: NUL (PostgreSQL text cannot store it) and lone UTF-16 surrogates (not
 * Unicode; JSON in the database refuses them). Refused for every argument and variable before
 * anything runs, so such input is a clear BAD_USER_INPUT instead of a database failure halfway.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function findUnstorableText(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  const field = pathOfUnstorable(variables ?? {}, '') ?? (documentHasUnstorable(document) ? '(a string in the document)' : null);
  if (!field) return null;
  return new GraphQLError(`${field}: must not contain NUL characters or unpaired UTF-16 surrogates`, {
    extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CHARACTERS', field, http: { status: 400 } },
  });
}

/** Per parsed document: the server caches parsed documents, so a repeated query is walked once. */
const checkedDocuments = new WeakMap<DocumentNode, boolean>();

function documentHasUnstorable(document: DocumentNode): boolean {
  let found = checkedDocuments.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      [Kind.STRING](node) {
        if (UNSTORABLE.test(node.value)) found = true;
      },
    });
    checkedDocuments.set(document, found);
  }
  return found;
}

function pathOfUnstorable(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path || '(value)' : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfUnstorable(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return `${path ? `${path}.` : ''}(a key)`;
    const found = pathOfUnstorable(v, path ? `${path}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}
