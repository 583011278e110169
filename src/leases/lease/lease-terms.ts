/**
 * The vocabulary of a lease (leiekontrakt) shared by its commands, events and read models.
 *
 * Contract types (Husbanken lists short-term contracts and temporary housing apart on KOSTRA form 13):
 * - 'ordinary': a lease under husleieloven, open-ended or time-limited (§ 9-3: at least 3 years).
 * - 'short-term': a time-limited lease shorter than 3 years, allowed for a public body letting to
 *   disadvantaged people (husleieloven § 11-1, read narrowly): the legal basis is recorded.
 * - 'temporary-housing': midlertidig botilbud under sosialtjenesteloven § 27, meant for at most 3 months.
 */
export const CONTRACT_TYPES = ['ordinary', 'short-term', 'temporary-housing'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/**
 * Security for the rent: a deposit (depositum, at most 6 months' rent, husleieloven § 3-5), a
 * guarantee (garanti, e.g. from NAV, § 3-6), or none.
 */
export type LeaseSecurity =
  | { kind: 'deposit'; amount: number }
  | { kind: 'guarantee'; amount: number; guarantor: Guarantor; reference: string | null }
  | { kind: 'none' };

export const SECURITY_KINDS = ['deposit', 'guarantee', 'none'] as const;
export const GUARANTORS = ['nav', 'municipality', 'private'] as const;
export type Guarantor = (typeof GUARANTORS)[number];

/**
 * Why a lease ended:
 * - 'moved-out': the tenant gave notice or the term ran out, and the tenant moved.
 * - 'eviction': fravikelse (tvangsfullbyrdelsesloven kap. 13), with the date it was enforced.
 * - 'bought-dwelling': the tenant bought the dwelling they rent ("fra leie til eie").
 * - 'transferred': the household moved to another municipal dwelling; the next lease links back.
 * - 'death': the tenant died.
 * - 'lease-in-ended': the municipality's own lease of the dwelling from a private owner ended.
 */
export const LEASE_END_REASONS = ['moved-out', 'eviction', 'bought-dwelling', 'transferred', 'death', 'lease-in-ended'] as const;
export type LeaseEndReason = (typeof LEASE_END_REASONS)[number];

/** Who gave notice (oppsigelse): the tenant, or the municipality as landlord (husleieloven § 9-7/9-8). */
export const NOTICE_PARTIES = ['tenant', 'landlord'] as const;
export type NoticeParty = (typeof NOTICE_PARTIES)[number];

/** How a lease came to be recorded: signed from an accepted offer, or imported as opening balance. */
export type LeaseOrigin =
  | { kind: 'offer'; offerId: string; applicationId: string }
  | { kind: 'opening-balance'; importReference: string };
