import {
  defaultFieldResolver,
  getNamedType,
  isNonNullType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { Path } from 'graphql/jsutils/Path.js';
import type { RequestContext } from '../graphql/request-context.js';
import type { PersonalDataReadLog } from '../personal-data/personal-data-read-log.js';
import { PERSONAL_DATA_ROLES, type Role } from './roles.js';

export interface PersonalDataContext {
  request: RequestContext;
  personalDataReads: PersonalDataReadLog;
}

interface PersonalDataField {
  type: string;
  field: string;
  subject: string;
}

/** The fields marked `@personalData(subject: ...)` in the schema, with the parent property holding the subject id. */
export function personalDataFields(schema: GraphQLSchema): PersonalDataField[] {
  const found: PersonalDataField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'personalData');
      if (!directive) continue;
      const arg = directive.arguments?.find((a) => a.name.value === 'subject');
      const subject = arg && arg.value.kind === 'StringValue' ? arg.value.value : 'personId';
      found.push({ type: type.name, field: field.name, subject });
    }
  }
  return found;
}

/**
 * Enforces `@personalData`: for caseworker, allocation-committee and admin the field resolves and the
 * read is recorded before the value is returned; every other role gets the person's pseudonymous
 * subject id instead (for String/ID fields) or null (other types; such a field must then be
 * nullable, which is checked here at start). The field's own resolver, which opens sealed values,
 * does not even run for those roles.
 */
export function enforcePersonalDataFields(schema: GraphQLSchema): GraphQLSchema {
  for (const { type, field: name, subject } of personalDataFields(schema)) {
    const field = (schema.getType(type) as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[name]!;
    const named = getNamedType(field.type).name;
    const holdsId = (named === 'String' || named === 'ID') && !isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
    if (!holdsId && isNonNullType(field.type)) {
      throw new Error(`${type}.${name} is @personalData and must be nullable (it resolves to null for roles without access)`);
    }
    const original: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (parent, args, context, info) => {
      const { request, personalDataReads } = context as PersonalDataContext;
      const subjectId = (parent as Record<string, unknown> | null)?.[subject];
      const pseudonym = typeof subjectId === 'string' ? subjectId : null;
      if (!PERSONAL_DATA_ROLES.includes(request.role as Role)) return holdsId ? pseudonym : null;
      const value = await original(parent, args, context, info);
      if (value !== null && value !== undefined) {
        await personalDataReads.record({
          actor: request.actor,
          role: request.role,
          subjectId: pseudonym ?? '(unknown)',
          operation: info.operation.name?.value ?? `${info.operation.operation} ${rootField(info.path)}`,
          field: `${type}.${name}`,
          correlationId: request.correlationId,
          purpose: request.purpose ?? null,
        });
      }
      return value;
    };
  }
  return schema;
}

/** The root field a resolver runs under, for reads in anonymous operations. */
function rootField(path: Path): string {
  let p = path;
  while (p.prev) p = p.prev;
  return String(p.key);
}
