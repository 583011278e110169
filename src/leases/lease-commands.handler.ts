import type { AppendedListener, CommandExecutor } from '../command-handling/command-executor.js';
import type { CommandContext } from '../event-store/event-envelope.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { IdempotentSteps } from '../process-managers/idempotent-steps.js';
import { nameBasedUuid } from '../shared-kernel/uuid.js';
import { endLeaseSteps } from './end-lease/end-lease.steps.js';
import type { AdjustRent, EndLease, GiveNotice, RenewLease } from './lease/lease.commands.js';
import { leaseDecider } from './lease/lease.decider.js';
import { leaseStreamId } from './lease-stream.js';

/** The steps on a running lease. Each but ending touches the lease stream only. */
export class LeaseCommandsHandler {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly store: EventStore,
    private readonly commandRetries: number,
    private readonly onAppended: AppendedListener = () => undefined,
  ) {}

  async onLease(command: AdjustRent | RenewLease | GiveNotice, context: CommandContext): Promise<bigint | null> {
    const result = await this.executor.execute(leaseDecider, leaseStreamId(command.leaseId), command, context);
    return result.position;
  }

  /**
   * Ends the lease, frees the household and the dwelling (end-lease.steps.ts). The steps' ids derive
   * from the lease and the end's day and reason, so a request cut short is completed by sending it again.
   */
  end(command: EndLease, context: CommandContext): Promise<bigint | null> {
    const key = nameBasedUuid(`end-lease/${command.leaseId}/${command.endedOn}/${command.reason}`);
    return endLeaseSteps(new IdempotentSteps(this.store, `end-lease/${key}`, context, this.commandRetries, this.onAppended), command);
  }
}
