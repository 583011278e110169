import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { readModelsCaughtUp } from '../../command-handling/read-models-caught-up.js';
import type { CommandResult } from '../../command-handling/command-executor.js';
import { ReadYourWrites } from '../../graphql/read-your-writes.js';
import { requireCalendarDate } from '../../portfolio/dwelling/calendar-date.js';
import { Runtime } from '../../runtime/runtime.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { itemFailure, type ItemFailure } from '../../command-handling/item-failure.js';
import { ApplicationsReadModel } from '../applications.read-model.js';
import { ApplicationCommandMessage } from '../handle-application-command/application-command.message.js';
import { ExpireApprovalsMessage } from './expire-approvals.message.js';

/**
 * Records the expiry of every approval whose validity has run out by `asOf`, each as its own
 * command (the event is dated the day the approval lapsed, whatever `asOf` is). Candidates come from
 * the applications read model once it has seen every event so far; the decider has the last word.
 * One that fails is reported in `failed` (and logged) while the others go on.
 */
@CommandHandler(ExpireApprovalsMessage)
export class ExpireApprovalsHandler implements ICommandHandler<ExpireApprovalsMessage, { expired: string[]; failed: ItemFailure[]; position: bigint | null }> {
  constructor(
    @Inject(ApplicationsReadModel) private readonly applications: ApplicationsReadModel,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Runtime) private readonly runtime: Runtime,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ asOf, context }: ExpireApprovalsMessage): Promise<{ expired: string[]; failed: ItemFailure[]; position: bigint | null }> {
    const day = requireCalendarDate(asOf, 'asOf');
    const validityMonths = this.runtime.config.applications.approvalValidityMonths;
    const expired: string[] = [];
    const failed: ItemFailure[] = [];
    let position: bigint | null = null;
    await readModelsCaughtUp(this.runtime, this.readYourWrites, ['applications']);
    for (const applicationId of await this.applications.approvalsDueToExpire(day, validityMonths)) {
      try {
        const r: CommandResult = await this.commands.execute(
          new ApplicationCommandMessage({ type: 'ExpireApproval', applicationId, actor: context.actor, recordedOn: day, validityMonths }, context),
        );
        if (r.events.length > 0) expired.push(applicationId);
        position = r.position ?? position;
      } catch (error) {
        // Offered, renewed or withdrawn since the read model was read, or back from an offer only
        // today (it lapses tomorrow): left as it is.
        if (error instanceof DomainError && error.category === 'CONFLICT') continue;
        // One approval that cannot be expired must not hold the others back.
        failed.push(itemFailure(applicationId, error, this.runtime.logger, 'the expiry of the approval of application'));
      }
    }
    return { expired, failed, position };
  }
}
