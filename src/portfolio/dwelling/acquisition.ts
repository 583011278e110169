import { ValidationError } from '../../shared-kernel/domain-error.js';
import type { Ownership } from './dwelling-description.js';
import { requireKroner, requireOneOf } from './field-rules.js';
import { validateRentalHousingGrant, type RentalHousingGrant } from './rental-housing-grant.js';

/**
 * How a dwelling came into the portfolio: bought, built, leased in from a private owner, or
 * transferred from another public body (or between the municipality and its property company).
 */
export const ACQUISITION_METHODS = ['purchase', 'new-build', 'lease-in', 'transfer'] as const;
export type AcquisitionMethod = (typeof ACQUISITION_METHODS)[number];

/**
 * How an owned dwelling was paid for. The sources are recorded as given; they need not add up to
 * the price, since fees, VAT compensation and other sources are outside this record.
 */
export interface Financing {
  rentalHousingGrant: RentalHousingGrant | null; // Husbanken tilskudd til utleieboliger
  husbankenLoan: number; // whole NOK, 0 when none
  ownFunds: number; // whole NOK
}

export interface OwnedAcquisition {
  method: 'purchase' | 'new-build' | 'transfer';
  price: number; // whole NOK; for new-build the building cost; a transfer may be free (0)
  financing: Financing;
}

export interface LeaseInAcquisition {
  method: 'lease-in';
  monthlyRent: number; // whole NOK the municipality pays the owner
}

export type Acquisition = OwnedAcquisition | LeaseInAcquisition;

/** `ownership` is the one in the dwelling's description: only a lease-in makes it 'leased-in'. */
export function validateAcquisition(acquisition: Acquisition, ownership: Ownership, path = 'acquisition'): Acquisition {
  if (typeof acquisition !== 'object' || acquisition === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const method = requireOneOf(acquisition.method, `${path}.method`, ACQUISITION_METHODS);
  if ((method === 'lease-in') !== (ownership === 'leased-in')) {
    throw new ValidationError(
      `${path}.method`,
      method === 'lease-in'
        ? "a dwelling acquired by lease-in must have the ownership 'leased-in'"
        : `a dwelling acquired by ${method} cannot have the ownership 'leased-in'`,
      'OWNERSHIP_CONFLICTS_WITH_ACQUISITION',
    );
  }
  if (acquisition.method === 'lease-in') {
    return { method: 'lease-in', monthlyRent: requireKroner(acquisition.monthlyRent, `${path}.monthlyRent`, 1) };
  }
  return {
    method: method as OwnedAcquisition['method'],
    price: requireKroner(acquisition.price, `${path}.price`, method === 'transfer' ? 0 : 1),
    financing: validateFinancing(acquisition.financing, `${path}.financing`),
  };
}

function validateFinancing(financing: Financing, path: string): Financing {
  if (typeof financing !== 'object' || financing === null) throw new ValidationError(path, 'is required', 'FIELD_REQUIRED');
  const grant = financing.rentalHousingGrant;
  return {
    rentalHousingGrant:
      grant === null || grant === undefined ? null : validateRentalHousingGrant(grant, `${path}.rentalHousingGrant`),
    husbankenLoan: requireKroner(financing.husbankenLoan, `${path}.husbankenLoan`),
    ownFunds: requireKroner(financing.ownFunds, `${path}.ownFunds`),
  };
}
