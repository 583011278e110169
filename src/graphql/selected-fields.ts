import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields the selection sets ask for, through inline fragments and fragment spreads
 * (each spread followed once). `@skip`/`@include` are not evaluated: a field they leave out still counts.
 */
export function selectedFieldNames(sets: readonly SelectionSetNode[], fragments: ReadonlyMap<string, FragmentDefinitionNode>): Set<string> {
  const fields = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) fields.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = fragments.get(s.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  for (const set of sets) walk(set);
  return fields;
}

/** Whether the field being resolved selects `name` on its result (a resolver loading it in the same query). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const sets = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  return selectedFieldNames(sets, new Map(Object.entries(info.fragments))).has(name);
}
