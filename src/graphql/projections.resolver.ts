import { Inject } from '@nestjs/common';
import { Mutation, Query, Resolver } from '@nestjs/graphql';
import type { EventStore } from '../event-store/event-store.port.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { ProjectionRunner } from '../projections/projection-runner.js';

@Resolver()
export class ProjectionsResolver {
  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query('projections')
  async projections() {
    return (await this.runner.status()).map((s) => ({
      name: s.name,
      version: s.version,
      position: s.live?.position ?? null,
      eventsBehind: s.eventsBehind?.toString() ?? null,
      rebuildPosition: s.building?.position ?? null,
      error: s.error ? `${s.error.message} (at position ${s.error.position})` : null,
    }));
  }

  @Query('logHead')
  logHead() {
    return this.store.headPosition();
  }

  @Mutation('ping')
  ping() {
    return this.store.headPosition();
  }
}
