/** The columns of an opening-balance lease file; the dwelling is named by its id or by its unit (matrikkel + bruksenhetsnummer). */
export const LEASE_IMPORT_COLUMNS = [
  { name: 'lease_id', required: false, format: 'UUID; when empty, derived from the dwelling and start_date (importing again finds it)' },
  { name: 'dwelling_id', required: false, format: 'UUID of a dwelling in the portfolio; or give its unit in the next six columns' },
  { name: 'kommunenummer', required: false, format: '4 digits, e.g. 1505 (with the unit columns)' },
  { name: 'gardsnummer', required: false, format: 'whole number' },
  { name: 'bruksnummer', required: false, format: 'whole number' },
  { name: 'festenummer', required: false, format: 'whole number or empty' },
  { name: 'seksjonsnummer', required: false, format: 'whole number or empty' },
  { name: 'bruksenhetsnummer', required: false, format: 'e.g. H0101' },
  { name: 'household_id', required: true, format: "UUID: the household's pseudonymous id (the tenant's subject id), never a name or national id" },
  { name: 'member_ids', required: false, format: 'UUIDs of the other members, separated by |' },
  { name: 'contract_type', required: true, format: 'ordinary | short-term | temporary-housing' },
  { name: 'signed_on', required: true, format: 'YYYY-MM-DD' },
  { name: 'start_date', required: true, format: 'YYYY-MM-DD' },
  { name: 'end_date', required: false, format: 'YYYY-MM-DD; empty = the configured default term (LEASE_TERM_MONTHS_*; 0 = open-ended)' },
  { name: 'term_legal_basis', required: false, format: 'legal basis of a term under 3 years (husleieloven § 11-1); required for short-term' },
  { name: 'monthly_rent', required: true, format: 'whole NOK' },
  { name: 'security_kind', required: false, format: 'deposit | guarantee | none (empty = none)' },
  { name: 'security_amount', required: false, format: 'whole NOK (deposit, guarantee)' },
  { name: 'guarantor', required: false, format: 'nav | municipality | private (guarantee)' },
  { name: 'guarantee_reference', required: false, format: "e.g. NAV's case number" },
] as const;

export type LeaseImportColumn = (typeof LEASE_IMPORT_COLUMNS)[number]['name'];

/** Which column a decider's field name comes from, so a rule broken in the decider names the cell. */
export const COLUMN_OF_FIELD: Record<string, LeaseImportColumn> = {
  leaseId: 'lease_id',
  householdId: 'household_id',
  dwellingId: 'dwelling_id',
  contractType: 'contract_type',
  signedOn: 'signed_on',
  startDate: 'start_date',
  endDate: 'end_date',
  termLegalBasis: 'term_legal_basis',
  monthlyRent: 'monthly_rent',
  'security.kind': 'security_kind',
  'security.amount': 'security_amount',
  'security.guarantor': 'guarantor',
  'security.reference': 'guarantee_reference',
};
