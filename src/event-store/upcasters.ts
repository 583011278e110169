/**
 * Turns stored events of older schema versions into the current shape on read, so deciders and
 * projections only ever see the newest version. Each upcaster lifts one version to the next.
 */
export type Upcaster = (data: unknown) => unknown;

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, Upcaster>();

  register(eventType: string, fromVersion: number, upcaster: Upcaster): this {
    this.upcasters.set(`${eventType}@${fromVersion}`, upcaster);
    return this;
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
