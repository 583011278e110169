import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type Type } from '@nestjs/common';

/** A timed job the service runs while it is up (the yearly report, the daily expiry). */
export interface ScheduledJob {
  start(): void;
  stop(): Promise<void>;
}

/** A provider that starts the job (given as its provider token) with the service and stops it, waiting for a run, on shutdown. */
export function scheduledJobTimer(job: Type<ScheduledJob>): Type<OnApplicationBootstrap & OnModuleDestroy> {
  @Injectable()
  class ScheduledJobTimer implements OnApplicationBootstrap, OnModuleDestroy {
    constructor(@Inject(job) private readonly scheduled: ScheduledJob) {}
    onApplicationBootstrap(): void {
      this.scheduled.start();
    }
    async onModuleDestroy(): Promise<void> {
      await this.scheduled.stop();
    }
  }
  return ScheduledJobTimer;
}
