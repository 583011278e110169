import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selectedFieldNames } from '../../src/graphql/selected-fields.js';

/** The fields selected on the first root field's result of `query`. */
function selectedOnRoot(query: string): string[] {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.selectionSet.selections[0]!;
  if (root.kind !== Kind.FIELD || !root.selectionSet) throw new Error('the test query must start with a field that has a selection');
  return [...selectedFieldNames([root.selectionSet], fragments)].sort();
}

describe('selectedFieldNames', () => {
  it('lists the fields of a plain selection, not those nested deeper', () => {
    expect(selectedOnRoot('{ dwelling(id: "x") { id status conditions { grade } } }')).toEqual(['conditions', 'id', 'status']);
  });

  it('follows inline fragments and fragment spreads, each spread once', () => {
    const query = `{ dwelling(id: "x") { id ... on Dwelling { district } ...Parts ...Parts } }
      fragment Parts on Dwelling { conditions { grade } ...More }
      fragment More on Dwelling { revision ...Parts }`;
    expect(selectedOnRoot(query)).toEqual(['conditions', 'district', 'id', 'revision']);
  });

  it('does not name a field the query does not select', () => {
    expect(selectedOnRoot('{ dwelling(id: "x") { id building { key } } }')).not.toContain('conditions');
  });
});
