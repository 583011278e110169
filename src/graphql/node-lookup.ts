/** Finds one kind of object by id for `node(id:)`; null when it holds no object with that id. */
export type NodeFinder = (id: string) => Promise<{ __typename: string } | null>;

/**
 * `node(id:)` answers for every type that implements Node: each feature registers how to find its
 * objects, so the one query needs no knowledge of the features.
 */
export class NodeLookup {
  private readonly finders: NodeFinder[] = [];

  register(finder: NodeFinder): void {
    this.finders.push(finder);
  }

  async find(id: string): Promise<{ __typename: string } | null> {
    const found = await Promise.all(this.finders.map((find) => find(id)));
    return found.find((node) => node !== null) ?? null;
  }
}
