/**
 * Turns stored events of older schema versions into the current shape on read, so deciders and
 * projections only ever see the newest version. Each upcaster lifts one version to the next, and
 * returns new data rather than changing its argument: the event chain hashes the stored data.
 */
export type Upcaster = (data: unknown) => unknown;

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  register(eventType: string, fromVersion: number, upcaster: Upcaster): this {
    this.upcasters.set(`${eventType}@${fromVersion}`, upcaster);
    return this;
  }

  /**
   * The schema version of the shape deciders and projections see, and so the one new events are
   * written in: 1 and one more for each upcaster chained from version 1. A writer that stamped an
   * older version would have its events upcast again on every read.
   */
  currentVersion(eventType: string): number {
    let version = 1;
    while (this.upcasters.has(`${eventType}@${version}`)) version += 1;
    return version;
  }

  upcast(eventType: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.upcasters.get(`${eventType}@${version}`); step; step = this.upcasters.get(`${eventType}@${version}`)) {
      current = step(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
