import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { scheduledJobTimer, type ScheduledJob } from '../../src/runtime/scheduled-job-timer.js';

/** A job that records what the service did with it; stop() finishes a run in progress first. */
class RecordingJob implements ScheduledJob {
  readonly calls: string[] = [];
  start(): void {
    this.calls.push('start');
  }
  async stop(): Promise<void> {
    this.calls.push('stopping');
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.calls.push('stopped');
  }
}

describe('scheduledJobTimer', () => {
  it('starts the job when the service has started and waits for it to stop when the service closes', async () => {
    const job = new RecordingJob();
    @Module({ providers: [{ provide: RecordingJob, useValue: job }, scheduledJobTimer(RecordingJob)] })
    class JobModule {}
    const app = await NestFactory.createApplicationContext(JobModule, { logger: false });
    // createApplicationContext runs the start-up hooks.
    expect(job.calls).toEqual(['start']);
    await app.close();
    expect(job.calls).toEqual(['start', 'stopping', 'stopped']);
  });
});
