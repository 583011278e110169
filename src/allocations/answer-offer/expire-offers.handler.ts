import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Runtime } from '../../runtime/runtime.js';
import { ReadYourWrites } from '../../graphql/read-your-writes.js';
import { requireCalendarDate } from '../../portfolio/dwelling/calendar-date.js';
import { readModelsCaughtUp } from '../../command-handling/read-models-caught-up.js';
import { DomainError } from '../../shared-kernel/domain-error.js';
import { itemFailure, type ItemFailure } from '../../command-handling/item-failure.js';
import { AllocationsReadModel } from '../allocations.read-model.js';
import { AnswerOfferMessage, ExpireOffersMessage } from './answer-offer.message.js';

/**
 * Expires every offer whose answer deadline passed before `asOf`, each as its own answer
 * (AnswerOfferHandler: the dwelling is freed, the household returns to the list). Time arrives
 * from outside: a scheduler or a caseworker calls this with the day; nothing here reads a clock.
 * Expiries a crash cut short (the offer expired, the household or the dwelling not yet released)
 * are completed on the way. An offer answered meanwhile is skipped; one that fails otherwise is
 * reported in `failed` (and logged) while the others go on.
 */
@CommandHandler(ExpireOffersMessage)
export class ExpireOffersHandler implements ICommandHandler<ExpireOffersMessage, { expired: string[]; failed: ItemFailure[]; position: bigint | null }> {
  constructor(
    @Inject(AllocationsReadModel) private readonly allocations: AllocationsReadModel,
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(Runtime) private readonly runtime: Runtime,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ asOf, context }: ExpireOffersMessage): Promise<{ expired: string[]; failed: ItemFailure[]; position: bigint | null }> {
    const day = requireCalendarDate(asOf, 'asOf');
    const expired: string[] = [];
    const failed: ItemFailure[] = [];
    let position: bigint | null = null;
    await readModelsCaughtUp(this.runtime, this.readYourWrites, ['allocations', 'applications', 'dwellings']);
    const overdue = new Set(await this.allocations.overdueOffers(day));
    // Expiries cut short earlier are completed too; listed only when something was still missing.
    const unfinished = (await this.allocations.unfinishedExpiries()).filter((id) => !overdue.has(id));
    for (const offerId of [...overdue, ...unfinished]) {
      try {
        const r: { position: bigint | null } = await this.commands.execute(new AnswerOfferMessage({ kind: 'expire', offerId, on: day }, context));
        if (overdue.has(offerId) || r.position !== null) expired.push(offerId);
        if (r.position !== null) position = r.position;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'OFFER_CLOSED') continue;
        // One offer that cannot be expired must not hold the others (nor the day's approvals) back.
        failed.push(itemFailure(offerId, error, this.runtime.logger, 'the expiry of offer'));
      }
    }
    return { expired, failed, position };
  }
}
