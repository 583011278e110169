import { Module } from '@nestjs/common';
import { Runtime } from '../runtime/runtime.js';
import { scheduledJobTimer } from '../runtime/scheduled-job-timer.js';
import { AnnualKostraReportJob } from './annual-kostra-report.job.js';
import { KostraReports } from './kostra-reports.js';
import { ReportingResolver } from './reporting.resolver.js';

export function kostraReportsFor(runtime: Runtime): KostraReports {
  return new KostraReports(runtime.pool, runtime.store, runtime.runner, {
    municipalityNumber: runtime.config.reporting.municipalityNumber,
    // A report waits as long as any query may for the read models (READ_YOUR_WRITES_TIMEOUT_MS), at least 30 s.
    waitTimeoutMs: Math.max(runtime.config.readYourWritesTimeoutMs, 30_000),
  });
}

/** KOSTRA form 13 / Husbanken reporting: computing, storing and listing reports, and the yearly job. */
@Module({
  providers: [
    { provide: KostraReports, inject: [Runtime], useFactory: kostraReportsFor },
    {
      provide: AnnualKostraReportJob,
      inject: [Runtime, KostraReports],
      useFactory: (runtime: Runtime, reports: KostraReports) =>
        new AnnualKostraReportJob(runtime.pool, reports, runtime.logger, { cron: runtime.config.reporting.reportSchedule, timezone: runtime.config.reporting.reportTimezone }),
    },
    scheduledJobTimer(AnnualKostraReportJob),
    ReportingResolver,
  ],
})
export class ReportingModule {}
