import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { CommandExecutor } from '../command-handling/command-executor.js';
import { LeaseStatuses } from '../applications/submit-application/lease-statuses.port.js';
import { householdTenancyDecider } from './household-tenancy/household-tenancy.decider.js';
import { householdTenancyStreamId } from './household-tenancy-stream.js';
import { leaseDecider } from './lease/lease.decider.js';
import { leaseStreamId } from './lease-stream.js';

/** A lease's status, and a household's running lease, from their streams (not the read models, which may lag behind the log). */
@Injectable()
export class LeaseStatusesFromLog extends LeaseStatuses {
  constructor(@Inject(CommandExecutor) private readonly executor: CommandExecutor) {
    super();
  }

  async statusOf(leaseId: string): Promise<string> {
    return (await this.executor.load(leaseDecider, leaseStreamId(leaseId))).state.status;
  }

  async activeLeaseOf(householdId: string): Promise<string | null> {
    return (await this.executor.load(householdTenancyDecider, householdTenancyStreamId(householdId))).state.active?.leaseId ?? null;
  }
}

/** Binds the applications module's LeaseStatuses port, globally, so applications import nothing from leases. */
@Global()
@Module({ providers: [{ provide: LeaseStatuses, useClass: LeaseStatusesFromLog }], exports: [LeaseStatuses] })
export class LeaseStatusesModule {}
