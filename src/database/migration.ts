/** A versioned, forward-only schema change. Ids are applied in ascending order, each once. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}
