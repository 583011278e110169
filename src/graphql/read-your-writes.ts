import type { ProjectionRunner } from '../projections/projection-runner.js';

/** Lets a query wait, briefly, until the read models it uses have reached a position. */
export class ReadYourWrites {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly timeoutMs: number,
  ) {}

  async waitFor(position: bigint | null | undefined, projections: readonly string[]): Promise<void> {
    if (position === undefined || position === null) return;
    await this.runner.waitForPosition(position, this.timeoutMs, projections);
  }
}
