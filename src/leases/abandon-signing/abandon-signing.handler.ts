import { applicationDecider } from '../../applications/application/application.decider.js';
import type { MarkOfferDeclinedOrExpired } from '../../applications/application/application.commands.js';
import { applicationStreamId } from '../../applications/application-stream.js';
import { offerDecider } from '../../allocations/offer/offer.decider.js';
import { offerStreamId } from '../../allocations/offer-stream.js';
import type { AppendedListener } from '../../command-handling/command-executor.js';
import type { Config } from '../../config/config.js';
import type { CommandContext } from '../../event-store/event-envelope.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { IdempotentSteps } from '../../process-managers/idempotent-steps.js';
import { DomainError, NotFoundError } from '../../shared-kernel/domain-error.js';
import { householdTenancyDecider } from '../household-tenancy/household-tenancy.decider.js';
import { householdTenancyStreamId } from '../household-tenancy-stream.js';
import type { AbandonSigning } from '../lease/lease.commands.js';
import { leaseDecider } from '../lease/lease.decider.js';
import { leaseIdForOffer } from '../lease-id.js';
import { leaseStreamId } from '../lease-stream.js';
import { releaseHeldBySigning } from './release-held-by-signing.js';


/** What abandonLeaseSigning did (not the lease's state of the same idea, AbandonedSigning in lease.state.ts). */
export interface AbandonSigningResult {
  leaseId: string;
  householdId: string;
  dwellingId: string;
  /** Global position of the last event written (null when everything had been done before). */
  position: bigint | null;
}

/**
 * Gives up a signing from an accepted offer that was cut short before its lease was recorded (the
 * household's tenancy, and perhaps the dwelling's letting, written; the lease not), and releases
 * what it held. Sending the same signing again is the other way out; this one is for a signing
 * that will not be completed. In order, each step idempotent (a request cut short is completed by
 * sending it again):
 *   1. the lease stream: LeaseSigningAbandoned. The lease stream decides between a late signing and
 *      the abandonment, whichever is appended first: once signed, abandoning is refused
 *      (LEASE_ALREADY_SIGNED: end the lease instead); once abandoned, signing is refused
 *      (SIGNING_ABANDONED);
 *   2. the household's tenancy: TenancyEnded (reason 'signing-abandoned'), so it may sign another lease;
 *   3. the dwelling: vacated if it was let under this lease (on the day it was to be let, or the
 *      day of abandoning if later), or its reservation for the application released
 *      (release-held-by-signing.ts; a signing that meets the abandonment at its lease step releases
 *      what it wrote the same way, so a late signing racing the abandonment leaves nothing held);
 *   4. the application: back on the waiting list (offer outcome 'signing-abandoned'), keeping its
 *      list date: the offer was accepted and the household did nothing to lose its place.
 * Nothing is written unless the signing is unfinished: a household whose tenancy was never
 * started under this offer's lease is refused with NO_UNFINISHED_SIGNING.
 */
export class AbandonSigningHandler {
  constructor(
    private readonly store: EventStore,
    private readonly config: Pick<Config, 'commandRetries'>,
    private readonly onAppended: AppendedListener = () => undefined,
  ) {}

  async abandonFromOffer(offerId: string, abandonedOn: string, reason: string, context: CommandContext): Promise<AbandonSigningResult> {
    const leaseId = leaseIdForOffer(offerId);
    const steps = new IdempotentSteps(this.store, `abandon-signing/${leaseId}`, context, this.config.commandRetries, this.onAppended);
    const offer = (await steps.load(offerDecider, offerStreamId(offerId))).state;
    if (offer.status === 'none') throw new NotFoundError('OFFER_NOT_FOUND', `offer ${offerId} does not exist`, 'offerId');
    const applicationId = offer.applicationId;
    const application = (await steps.load(applicationDecider, applicationStreamId(applicationId))).state;
    if (application.status === 'none') throw new NotFoundError('APPLICATION_NOT_FOUND', `application ${applicationId} does not exist`, 'offerId');
    const householdId = application.household.applicantId;
    const dwellingId = offer.dwellingId;
    const actor = context.actor;

    // Decide before writing: a signed lease, or no unfinished signing, changes nothing.
    const lease = (await steps.load(leaseDecider, leaseStreamId(leaseId))).state;
    const abandon: AbandonSigning = { type: 'AbandonSigning', leaseId, householdId, dwellingId, abandonedOn, reason, actor };
    leaseDecider.decide(abandon, lease);
    const household = (await steps.load(householdTenancyDecider, householdTenancyStreamId(householdId))).state;
    const tenancyActive = household.active?.leaseId === leaseId;
    if (lease.status === 'none' && !tenancyActive) {
      throw new DomainError(
        'NO_UNFINISHED_SIGNING',
        `offer ${offerId} has no unfinished signing: household ${householdId} has no tenancy started under its lease ${leaseId}` +
          (offer.status === 'accepted' ? ' (sign the lease, or record what happened to the offer)' : ` (the offer is ${offer.status})`),
        'CONFLICT',
        'offerId',
      );
    }

    const positions: bigint[] = [];
    const note = (outcome: { alreadyTaken: boolean; position?: bigint | null }) => {
      if (!outcome.alreadyTaken && outcome.position != null) positions.push(outcome.position);
    };
    note(await steps.execute('lease', leaseDecider, leaseStreamId(leaseId), abandon));
    positions.push(...(await releaseHeldBySigning(steps, { leaseId, householdId, dwellingId, applicationId }, abandonedOn, actor)));
    const current = (await steps.load(applicationDecider, applicationStreamId(applicationId))).state;
    if (current.status === 'offered' && current.offer?.offerId === offerId) {
      const back: MarkOfferDeclinedOrExpired = {
        type: 'MarkOfferDeclinedOrExpired',
        applicationId,
        offerId,
        offerOutcome: 'signing-abandoned',
        returnedOn: abandonedOn,
        reason,
        listDatePolicy: 'keep-original-date',
        actor,
      };
      note(await steps.execute('application', applicationDecider, applicationStreamId(applicationId), back));
    }
    const position = positions.reduce<bigint | null>((max, p) => (max === null || p > max ? p : max), null);
    return { leaseId, householdId, dwellingId, position };
  }
}
