import { DomainError, NotFoundError } from '../../shared-kernel/domain-error.js';
import type { Dwelling } from './dwelling.state.js';

/**
 * Refusals that depend on the dwelling's state (category CONFLICT unless said otherwise). Field
 * faults are ValidationErrors raised where the field is checked. Each sentence says what is in the
 * way and what a caseworker can do about it.
 */

export const dwellingNotFound = (dwellingId: string) =>
  new NotFoundError(
    'DWELLING_NOT_FOUND',
    `There is no dwelling ${dwellingId} in the portfolio. Register or acquire it first.`,
    'dwellingId',
  );

export const dwellingExists = (d: Dwelling) =>
  new DomainError(
    'DWELLING_EXISTS',
    `Dwelling ${d.dwellingId} is already in the portfolio (since ${d.enteredPortfolioOn}). Correct its details instead.`,
  );

/** A sold dwelling, or one whose lease-in has ended, has left the portfolio for good. */
export function dwellingHasLeft(d: Dwelling): DomainError {
  return d.status === 'sold'
    ? new DomainError(
        'DWELLING_SOLD',
        `Dwelling ${d.dwellingId} was sold on ${d.leftPortfolioOn} and has left the portfolio; it can no longer be changed. If it is bought back, acquire it under a new dwelling id.`,
      )
    : new DomainError(
        'LEASE_IN_ENDED',
        `The lease-in of dwelling ${d.dwellingId} ended on ${d.leftPortfolioOn} and it has left the portfolio; it can no longer be changed. If it is leased in again, acquire it under a new dwelling id.`,
      );
}

/**
 * The dwelling's current status stands in the way of `action` (e.g. 'starting a renovation').
 * The code names the status, so a client can tell the reasons apart.
 */
export function blockedByStatus(d: Dwelling, action: string): DomainError {
  switch (d.status) {
    case 'reserved':
      return new DomainError(
        'DWELLING_RESERVED',
        `Dwelling ${d.dwellingId} is reserved for application ${d.reservation?.applicationId} since ${d.reservation?.reservedOn}. Release the reservation before ${action}.`,
      );
    case 'let':
      return new DomainError(
        'DWELLING_LET',
        `Dwelling ${d.dwellingId} is let under lease ${d.tenancy?.leaseId} since ${d.tenancy?.letOn}. End or move the lease before ${action}.`,
      );
    case 'under-renovation':
      return new DomainError(
        'DWELLING_UNDER_RENOVATION',
        `Dwelling ${d.dwellingId} is under renovation since ${d.renovation?.startedOn}. Complete the renovation before ${action}.`,
      );
    case 'marked-for-disposal':
      return new DomainError(
        'DWELLING_MARKED_FOR_DISPOSAL',
        `Dwelling ${d.dwellingId} is marked for disposal since ${d.disposal?.markedOn}. Cancel the disposal before ${action}.`,
      );
    // Every caller allows 'available' and has already refused a dwelling that left; kept so each status has its sentence.
    case 'available':
      return new DomainError('DWELLING_AVAILABLE', `Dwelling ${d.dwellingId} is available, which does not allow ${action}.`);
    case 'sold':
    case 'lease-in-ended':
      return dwellingHasLeft(d);
  }
}

export const notUnderRenovation = (d: Dwelling) =>
  new DomainError('NOT_UNDER_RENOVATION', `Dwelling ${d.dwellingId} is not under renovation (it is ${d.status}); there is no renovation to complete.`);

export const notReserved = (d: Dwelling) =>
  new DomainError('NOT_RESERVED', `Dwelling ${d.dwellingId} is not reserved (it is ${d.status}); there is no reservation to release.`);

export const reservedForAnotherApplication = (d: Dwelling, applicationId: string | null) =>
  new DomainError(
    'RESERVED_FOR_ANOTHER_APPLICATION',
    `Dwelling ${d.dwellingId} is reserved for application ${d.reservation?.applicationId}, not ${applicationId ?? 'a lease without an application'}. Release that reservation first.`,
  );

export const notLet = (d: Dwelling) =>
  new DomainError('NOT_LET', `Dwelling ${d.dwellingId} is not let (it is ${d.status}); there is no tenant to move out.`);

export const letUnderAnotherLease = (d: Dwelling, leaseId: string) =>
  new DomainError(
    'LET_UNDER_ANOTHER_LEASE',
    `Dwelling ${d.dwellingId} is let under lease ${d.tenancy?.leaseId}, not ${leaseId}. Check which lease has ended.`,
  );

/** `consequence` says what cannot happen without the decision, e.g. 'there is no disposal to cancel'. */
export const notMarkedForDisposal = (d: Dwelling, consequence: string) =>
  new DomainError(
    'NOT_MARKED_FOR_DISPOSAL',
    `Dwelling ${d.dwellingId} is not marked for disposal (it is ${d.status}); ${consequence}.`,
  );

export const noSittingTenant = (d: Dwelling) =>
  new DomainError(
    'NO_SITTING_TENANT',
    `Dwelling ${d.dwellingId} is not let, so there is no sitting tenant to sell it to. Sell it on the open market or to another buyer.`,
  );

/** `consequence` finishes the sentence, e.g. 'it cannot be sold; end the lease-in instead'. */
export const leasedIn = (d: Dwelling, consequence: string) =>
  new DomainError(
    'DWELLING_LEASED_IN',
    `Dwelling ${d.dwellingId} is leased in from a private owner and not owned by the municipality: ${consequence}.`,
  );

/**
 * The refusal of recordRentalHousingGrant on a leased-in dwelling, the other way round: a dwelling
 * with a grant cannot be made leased-in by a correction, or its lease-in could end with the grant
 * never settled. The same code; the field is the ownership the correction gives.
 */
export const grantForbidsLeaseIn = (d: Dwelling) =>
  new DomainError(
    'DWELLING_LEASED_IN',
    `Dwelling ${d.dwellingId} has Husbanken's rental-housing grant, which is for dwellings the municipality owns, so it cannot be corrected to leased-in. A change of owner is a sale (with the grant settled) and a new acquisition, not a correction.`,
    'CONFLICT',
    'changes.ownership',
  );

export const notLeasedIn = (d: Dwelling) =>
  new DomainError(
    'NOT_LEASED_IN',
    `Dwelling ${d.dwellingId} is not leased in (ownership ${d.description.ownership}); there is no lease-in to end. To let it leave the portfolio, mark it for disposal and sell it.`,
  );

export const grantOutstanding = (d: Dwelling, outstanding: number, soldOn: string) =>
  new DomainError(
    'GRANT_OUTSTANDING',
    `Dwelling ${d.dwellingId} has ${outstanding} NOK of Husbanken's rental-housing grant not yet written down on ${soldOn}. Record the repayment (${outstanding} NOK, or another amount with a justification) or Husbanken's written consent with the sale.`,
    'CONFLICT',
    'grantSettlement',
  );

export const grantOutstandingAtLeaseInEnd = (d: Dwelling, outstanding: number, endedOn: string) =>
  new DomainError(
    'GRANT_OUTSTANDING',
    `Dwelling ${d.dwellingId} has ${outstanding} NOK of Husbanken's rental-housing grant not yet written down on ${endedOn}; it cannot leave the portfolio by the end of a lease-in with the grant unsettled. Correct its ownership if the municipality owns it, or settle the grant with Husbanken first.`,
    'CONFLICT',
    'endedOn',
  );

/** A field the caseworker must fill in (the justification), though only the dwelling's grants tell that it is needed. */
export const repaymentOverrideNeedsJustification = (d: Dwelling, computed: number, amount: number, soldOn: string) =>
  new DomainError(
    'REPAYMENT_OVERRIDE_NEEDS_JUSTIFICATION',
    `The grant repayment computed for dwelling ${d.dwellingId} on ${soldOn} is ${computed} NOK, but ${amount} NOK is recorded. Say why a different amount is repaid (e.g. Husbanken's own claim), or record the computed amount.`,
    'BAD_USER_INPUT',
    'grantSettlement.overrideJustification',
  );

/** A synced change names the property company's record; a dwelling is linked to one record only. */
export const companyReferenceMismatch = (d: Dwelling, reference: string) =>
  new DomainError(
    'COMPANY_REFERENCE_MISMATCH',
    `Dwelling ${d.dwellingId} is linked to the property company's record ${d.companyReference}, not ${reference}. Check which dwelling the property company's change is about.`,
    'CONFLICT',
    'source.reference',
  );

/** An older version arriving after a newer one would undo the newer change, so it is not applied. */
export const staleVersion = (d: Dwelling, reference: string, version: number) =>
  new DomainError(
    'STALE_VERSION',
    `The property company's version ${version} of reference ${reference} is older than version ${d.companyVersion} already applied to dwelling ${d.dwellingId}; the older change is not applied.`,
    'CONFLICT',
    'source.version',
  );

export const ownershipConflictsWithAcquisition = (d: Dwelling) =>
  new DomainError(
    'OWNERSHIP_CONFLICTS_WITH_ACQUISITION',
    `Dwelling ${d.dwellingId} was acquired by ${d.acquisition?.method}; only a dwelling acquired by lease-in is 'leased-in'. A change of owner is a new acquisition, not a correction.`,
    'BAD_USER_INPUT',
    'changes.ownership',
  );

/**
 * A unit (matrikkel number and bruksenhetsnummer) is in the portfolio once: another dwelling is
 * that unit now. `field` is the field that names the unit in the refused command (bruksenhetsnummer,
 * or changes.bruksenhetsnummer / changes.matrikkel of a correction); the sentence names the dwelling,
 * and `existingDwellingId` carries it for programs. `enteredPortfolioOn` null: that dwelling's unit
 * was claimed but its registration not written yet (in progress, or cut short).
 */
export class UnitInPortfolioError extends DomainError {
  constructor(
    field: string,
    unitText: string,
    readonly existingDwellingId: string,
    enteredPortfolioOn: string | null,
  ) {
    super(
      'DWELLING_EXISTS',
      enteredPortfolioOn === null
        ? `The unit ${unitText} is being registered as dwelling ${existingDwellingId} (not yet complete). Register it with dwellingId ${existingDwellingId} (or without a dwellingId) to complete that registration.`
        : `The unit ${unitText} is already in the portfolio as dwelling ${existingDwellingId} (since ${enteredPortfolioOn}). Correct that dwelling's details instead; a unit can be registered again only once it has left the portfolio.`,
      'CONFLICT',
      field,
    );
    this.name = 'UnitInPortfolioError';
  }
}

export const unitInPortfolio = (field: string, unitText: string, existingDwellingId: string, enteredPortfolioOn: string | null) =>
  new UnitInPortfolioError(field, unitText, existingDwellingId, enteredPortfolioOn);
