import type { CommandExecutor } from '../command-handling/command-executor.js';
import type { CommandContext } from '../event-store/event-envelope.js';
import { leaseDecider } from '../leases/lease/lease.decider.js';
import { leaseStreamId } from '../leases/lease-stream.js';
import { dwellingDecider } from '../portfolio/dwelling/dwelling.decider.js';
import { dwellingStreamId } from '../portfolio/dwelling-stream.js';
import { requireLeaseStillRunning } from './lease-still-running.js';
import type { CompleteTransition, StartTransition, TransitionCommand } from './transition/transition.commands.js';
import { transitionDecider } from './transition/transition.decider.js';
import { transitionStreamId } from './transition-stream.js';

/**
 * The caseworker's steps of a transition to ownership. Starting reads the lease (the decider needs
 * its status). Completing reads the lease again: only while it runs is the purchase completed
 * (LEASE_NOT_ACTIVE once it has ended; see lease-still-running.ts). A purchase of the rented
 * dwelling also needs the dwelling still let under that lease, and is first tried as a sale against
 * the dwelling as it is now (pure), so a sale the portfolio would refuse (e.g. the grant repayment
 * not recorded) is refused here and the process manager is not left with a sale it cannot make.
 */
export class TransitionCommandsHandler {
  constructor(private readonly executor: CommandExecutor) {}

  async start(command: Omit<StartTransition, 'lease'> & { leaseId: string }, context: CommandContext): Promise<bigint | null> {
    const { state } = await this.executor.load(leaseDecider, leaseStreamId(command.leaseId));
    // An abandoned signing never became a lease.
    const lease =
      state.status === 'none' || state.status === 'abandoned'
        ? { leaseId: command.leaseId, status: 'none' as const, householdId: null, dwellingId: null, startDate: null }
        : { leaseId: command.leaseId, status: state.status, householdId: state.householdId, dwellingId: state.dwellingId, startDate: state.startDate };
    const { leaseId: _ignored, ...rest } = command;
    const result = await this.executor.execute(transitionDecider, transitionStreamId(command.transitionId), { ...rest, lease }, context);
    return result.position;
  }

  async complete(command: CompleteTransition, context: CommandContext): Promise<bigint | null> {
    const { state } = await this.executor.load(transitionDecider, transitionStreamId(command.transitionId));
    const decided = transitionDecider.decide(command, state); // refusals of the transition itself first
    const completed = decided[0];
    if (completed?.type !== 'TransitionCompleted') return this.other(command, context);
    const lease = await this.executor.load(leaseDecider, leaseStreamId(completed.data.leaseId));
    const buysRented = completed.data.plan === 'buy-rented-dwelling';
    const dwelling = buysRented ? (await this.executor.load(dwellingDecider, dwellingStreamId(completed.data.dwellingId))).state : null;
    requireLeaseStillRunning(completed.data, lease.state, dwelling);
    if (dwelling !== null) {
      dwellingDecider.decide(
        {
          type: 'SellDwelling',
          dwellingId: completed.data.dwellingId,
          soldOn: completed.data.purchasedOn,
          price: completed.data.price,
          buyer: 'sitting-tenant',
          grantSettlement: completed.data.grantSettlement,
        },
        dwelling,
      );
    }
    return this.other(command, context);
  }

  async other(command: Exclude<TransitionCommand, StartTransition>, context: CommandContext): Promise<bigint | null> {
    const result = await this.executor.execute(transitionDecider, transitionStreamId(command.transitionId), command, context);
    return result.position;
  }
}
