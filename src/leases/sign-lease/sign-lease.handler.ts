import { applicationDecider } from '../../applications/application/application.decider.js';
import { offerDecider } from '../../allocations/offer/offer.decider.js';
import { CommandExecutor, type AppendedListener } from '../../command-handling/command-executor.js';
import type { Config } from '../../config/config.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { dwellingDecider } from '../../portfolio/dwelling/dwelling.decider.js';
import type { MarkLet } from '../../portfolio/dwelling/dwelling.commands.js';
import { dwellingStreamId } from '../../portfolio/dwelling-stream.js';
import { IdempotentSteps } from '../../process-managers/idempotent-steps.js';
import { DomainError, NotFoundError, ValidationError } from '../../shared-kernel/domain-error.js';
import { applicationStreamId } from '../../applications/application-stream.js';
import { offerStreamId } from '../../allocations/offer-stream.js';
import { householdTenancyDecider, type StartTenancy } from '../household-tenancy/household-tenancy.decider.js';
import { householdTenancyStreamId } from '../household-tenancy-stream.js';
import { leaseDecider } from '../lease/lease.decider.js';
import type { SignLease } from '../lease/lease.commands.js';
import type { LeaseOrigin } from '../lease/lease-terms.js';
import { leaseIdForOffer } from '../lease-id.js';
import { leaseStreamId } from '../lease-stream.js';
import { defaultEndDate, LEASE_TERM_RULES } from '../lease-term-policy.js';
import type { LeaseTermsInput } from './lease-terms.input.js';
import { releaseHeldBySigning } from '../abandon-signing/release-held-by-signing.js';

/**
 * The dwelling's MarkLet names its own field, letOn; the caller of a signing sent startDate (the
 * dwelling is let from the lease's first day), so a refusal of that date names startDate.
 */
function inCallersTerms(error: unknown): unknown {
  if (!(error instanceof DomainError) || error.field !== 'letOn') return error;
  const rule = error.message.startsWith('letOn: ') ? error.message.slice('letOn: '.length) : error.message;
  const explained = `${rule} (the dwelling is let from the lease's first day)`;
  if (error instanceof ValidationError) return new ValidationError('startDate', explained, error.code);
  return new DomainError(error.code, `startDate: ${explained}`, error.category, 'startDate');
}

export interface SignedLease {
  leaseId: string;
  householdId: string;
  dwellingId: string;
  /** Global position of the last event written (null when the signing had been completed before). */
  position: bigint | null;
}

/**
 * Signs a lease: four aggregates change together, in this order, each step idempotent:
 *   1. the household's tenancy stream (`household-<id>`): at most one active lease per household;
 *   2. the dwelling: MarkLet (the Dwelling aggregate refuses a dwelling let to someone else or
 *      reserved for another application);
 *   3. the lease stream: LeaseSigned;
 *   4. the application (from an offer): MarkHoused, which records the waiting time.
 * Every command is first decided against the current state without writing (deciders are pure), so
 * a refused signing normally writes nothing at all. The steps' event ids derive from the lease id
 * (itself derived from the offer), so a signing cut short by a crash or a lost connection is
 * completed by sending it again: steps already taken are recognised and skipped. If the dwelling
 * is taken by someone else between the check and step 2, step 1 is undone (TenancyEnded with
 * reason 'signing-refused') and the refusal is returned.
 */
export class SignLeaseHandler {
  constructor(
    private readonly store: EventStore,
    private readonly config: Pick<Config, 'leaseTermMonths' | 'commandRetries'>,
    private readonly onAppended: AppendedListener = () => undefined,
  ) {}

  /** From an accepted offer: the household is the application's, the dwelling the offer's. */
  async signFromOffer(offerId: string, terms: LeaseTermsInput, context: CommandContext): Promise<SignedLease> {
    const executor = new CommandExecutor(this.store, this.config.commandRetries);
    const offer = (await executor.load(offerDecider, offerStreamId(offerId))).state;
    if (offer.status === 'none') throw new NotFoundError('OFFER_NOT_FOUND', `offer ${offerId} does not exist`, 'offerId');
    if (offer.status !== 'accepted') {
      throw new DomainError('OFFER_NOT_ACCEPTED', `offer ${offerId} is ${offer.status}: a lease is signed only from an accepted offer`, 'CONFLICT', 'offerId');
    }
    const application = (await executor.load(applicationDecider, applicationStreamId(offer.applicationId))).state;
    if (application.status === 'none') throw new NotFoundError('APPLICATION_NOT_FOUND', `application ${offer.applicationId} does not exist`, 'offerId');
    return this.sign(
      {
        leaseId: leaseIdForOffer(offerId),
        householdId: application.household.applicantId,
        memberIds: application.household.memberIds,
        dwellingId: offer.dwellingId,
        origin: { kind: 'offer', offerId, applicationId: offer.applicationId },
        housed: { applicationId: offer.applicationId, offerId, acceptedOn: offer.answeredOn ?? terms.signedOn },
        currentLeaseId: application.currentLeaseId,
      },
      terms,
      context,
    );
  }

  /**
   * Whether a lease ended as a transfer (its own stream says so) to this new lease or to none named:
   * a lease that ended otherwise (an eviction, a move out) or moved its household elsewhere is no
   * lease to link back to, whatever an application named as current.
   */
  private async endedAsTransferTo(leaseId: string, newLeaseId: string): Promise<boolean> {
    const executor = new CommandExecutor(this.store, this.config.commandRetries);
    const lease = (await executor.load(leaseDecider, leaseStreamId(leaseId))).state;
    return lease.status === 'ended' && lease.ended?.reason === 'transferred' && (lease.ended.transferLeaseId ?? newLeaseId) === newLeaseId;
  }

  /** A lease that already runs, recorded as opening balance (no offer, no application). */
  recordOpeningBalance(
    lease: { leaseId: string; householdId: string; memberIds: string[]; dwellingId: string; importReference: string },
    terms: LeaseTermsInput,
    context: CommandContext,
  ): Promise<SignedLease> {
    return this.sign({ ...lease, origin: { kind: 'opening-balance', importReference: lease.importReference }, housed: null }, terms, context);
  }

  private async sign(
    who: {
      leaseId: string;
      householdId: string;
      memberIds: string[];
      dwellingId: string;
      origin: LeaseOrigin;
      housed: { applicationId: string; offerId: string; acceptedOn: string } | null;
      /** The current lease a swap or extension application named; null otherwise. */
      currentLeaseId?: string | null;
    },
    terms: LeaseTermsInput,
    context: CommandContext,
  ): Promise<SignedLease> {
    const actor = context.actor;
    const sign: SignLease = {
      type: 'SignLease',
      leaseId: who.leaseId,
      householdId: who.householdId,
      memberIds: who.memberIds,
      dwellingId: who.dwellingId,
      origin: who.origin,
      contractType: terms.contractType,
      signedOn: terms.signedOn,
      startDate: terms.startDate,
      endDate: terms.endDate ?? (typeof terms.startDate === 'string' ? defaultEndDate(terms.contractType, terms.startDate, this.config.leaseTermMonths) : null),
      termLegalBasis: terms.termLegalBasis ?? null,
      monthlyRent: terms.monthlyRent,
      security: terms.security,
      previousLeaseId: terms.previousLeaseId ?? null,
      rules: LEASE_TERM_RULES,
      actor,
    };
    const named = who.currentLeaseId && who.currentLeaseId === sign.previousLeaseId ? who.currentLeaseId : null;
    const tenancy: StartTenancy = {
      type: 'StartTenancy',
      householdId: who.householdId,
      leaseId: who.leaseId,
      dwellingId: who.dwellingId,
      startDate: terms.startDate,
      previousLeaseId: sign.previousLeaseId,
      namedCurrentLease: named ? { leaseId: named, ended: await this.endedAsTransferTo(named, who.leaseId) } : null,
      actor,
    };
    const markLet: MarkLet = { type: 'MarkLet', dwellingId: who.dwellingId, leaseId: who.leaseId, applicationId: who.housed?.applicationId ?? null, letOn: terms.startDate };
    const steps = new IdempotentSteps(this.store, `sign-lease/${who.leaseId}`, context, this.config.commandRetries, this.onAppended);

    // Decide everything before writing anything: a refusal then changes nothing.
    const lease = await steps.load(leaseDecider, leaseStreamId(who.leaseId));
    if (leaseDecider.decide(sign, lease.state).length === 0) {
      // Signed before with these terms (steps 1-3 done): only the last step may be missing.
      const housed = who.housed ? await this.markHoused(steps, who.housed, actor) : null;
      return { leaseId: who.leaseId, householdId: who.householdId, dwellingId: who.dwellingId, position: housed };
    }
    const household = await steps.load(householdTenancyDecider, householdTenancyStreamId(who.householdId));
    const held = household.state.active;
    if (held && held.leaseId !== who.leaseId) {
      // The household's tenancy points at a lease not signed (an earlier signing cut short) or ended
      // (an ending cut short): say which, and how to finish it, instead of "already has an active lease".
      const other = (await steps.load(leaseDecider, leaseStreamId(held.leaseId))).state;
      if (other.status === 'abandoned') {
        throw new DomainError(
          'UNFINISHED_SIGNING',
          `household ${who.householdId} is held by lease ${held.leaseId}, whose signing was abandoned on ${other.abandonedOn} but the release was cut short; send that abandonLeaseSigning again to complete it`,
          'CONFLICT',
          'householdId',
        );
      }
      if (other.status === 'none') {
        throw new DomainError(
          'UNFINISHED_SIGNING',
          `household ${who.householdId} is held by an unfinished signing (lease ${held.leaseId}, dwelling ${held.dwellingId}): its tenancy was recorded but the lease never was; ` +
            'send that signing again to complete it, or abandon it (abandonLeaseSigning with its offer)',
          'CONFLICT',
          'householdId',
        );
      }
      if (other.status === 'ended') {
        throw new DomainError(
          'UNFINISHED_LEASE_END',
          `household ${who.householdId} is held by lease ${held.leaseId}, which ended on ${other.ended?.endedOn} (${other.ended?.reason}) but whose ending was cut short; send that endLease again to complete it`,
          'CONFLICT',
          'householdId',
        );
      }
    }
    const dwelling = await steps.load(dwellingDecider, dwellingStreamId(who.dwellingId));
    const letAlready = dwelling.state.status === 'let' && 'tenancy' in dwelling.state && dwelling.state.tenancy?.leaseId === who.leaseId;
    householdTenancyDecider.decide(tenancy, household.state);
    if (!letAlready) {
      try {
        dwellingDecider.decide(markLet, dwelling.state);
      } catch (error) {
        throw inCallersTerms(error);
      }
    }

    const positions: Array<bigint | null> = [];
    const record = (outcome: { alreadyTaken: boolean; position?: bigint | null }) => {
      if (!outcome.alreadyTaken) positions.push(outcome.position ?? null);
    };
    record(await steps.execute('household', householdTenancyDecider, householdTenancyStreamId(who.householdId), tenancy));
    if (!letAlready) {
      try {
        record(await steps.execute('dwelling', dwellingDecider, dwellingStreamId(who.dwellingId), markLet));
      } catch (error) {
        if (error instanceof DomainError) {
          await steps.execute('household-undo', householdTenancyDecider, householdTenancyStreamId(who.householdId), {
            type: 'EndTenancy',
            householdId: who.householdId,
            leaseId: who.leaseId,
            endedOn: terms.startDate,
            reason: 'signing-refused',
            actor,
          });
        }
        throw inCallersTerms(error);
      }
    }
    try {
      record(await steps.execute('lease', leaseDecider, leaseStreamId(who.leaseId), sign));
    } catch (error) {
      // Abandoned while this signing ran (abandonLeaseSigning won the lease stream): release what it wrote.
      if (error instanceof DomainError && error.code === 'SIGNING_ABANDONED') {
        const held = { leaseId: who.leaseId, householdId: who.householdId, dwellingId: who.dwellingId, applicationId: who.housed?.applicationId ?? null };
        await releaseHeldBySigning(steps, held, terms.startDate, actor, 'abandoned-');
      }
      throw error;
    }
    if (who.housed) positions.push(await this.markHoused(steps, who.housed, actor));
    const position = positions.reduce<bigint | null>((max, p) => (p !== null && (max === null || p > max) ? p : max), null);
    return { leaseId: who.leaseId, householdId: who.householdId, dwellingId: who.dwellingId, position };
  }

  private async markHoused(steps: IdempotentSteps, housed: { applicationId: string; offerId: string; acceptedOn: string }, actor: string): Promise<bigint | null> {
    const outcome = await steps.execute('application', applicationDecider, applicationStreamId(housed.applicationId), {
      type: 'MarkHoused',
      applicationId: housed.applicationId,
      offerId: housed.offerId,
      acceptedOn: housed.acceptedOn,
      actor,
    });
    return outcome.alreadyTaken ? null : outcome.position;
  }
}
