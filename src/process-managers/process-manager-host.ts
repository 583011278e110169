import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ProcessManagerRunner } from './process-manager-runner.js';

/** Starts the process managers with the HTTP service and stops them (after the event in progress) when it shuts down. */
export class ProcessManagerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(readonly runner: ProcessManagerRunner) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
