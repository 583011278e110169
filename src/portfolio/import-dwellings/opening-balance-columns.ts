/**
 * The columns of an opening-balance file (inngående balanse), one row per dwelling. Header names are
 * matched without regard to case or surrounding spaces. A required column must be in the header
 * and filled on every row; an optional column may be left out of the header altogether.
 *
 * `field` is the name the Dwelling decider gives the value in its errors, so an error from the
 * decider is reported on the right column. The README's column table describes the same list.
 */
export interface OpeningBalanceColumn {
  name: string;
  required: boolean;
  format: string;
  example: string;
  field: string;
}

export const OPENING_BALANCE_COLUMNS = [
  { name: 'dwelling_id', required: false, format: 'UUID; left empty, it is derived from the matrikkel number and bruksenhetsnummer', example: '0190c1a2-7b3e-7c44-9a10-5e2f1b0c9d11', field: 'dwellingId' },
  { name: 'kommunenummer', required: true, format: '4 digits, with the leading zero', example: '1505', field: 'matrikkel.kommunenummer' },
  { name: 'gardsnummer', required: true, format: 'whole number 1–99999 (gnr)', example: '12', field: 'matrikkel.gardsnummer' },
  { name: 'bruksnummer', required: true, format: 'whole number 1–9999 (bnr)', example: '345', field: 'matrikkel.bruksnummer' },
  { name: 'festenummer', required: false, format: 'whole number 1–9999 (fnr); empty or 0 = none', example: '', field: 'matrikkel.festenummer' },
  { name: 'seksjonsnummer', required: false, format: 'whole number 1–999 (snr); empty or 0 = none', example: '3', field: 'matrikkel.seksjonsnummer' },
  { name: 'bruksenhetsnummer', required: true, format: 'H, U, K or L, 2 digits floor, 2 digits unit', example: 'H0101', field: 'bruksenhetsnummer' },
  { name: 'street', required: true, format: 'street and number', example: 'Langveien 4', field: 'address.street' },
  { name: 'postal_code', required: true, format: '4 digits (postnummer)', example: '6509', field: 'address.postalCode' },
  { name: 'postal_town', required: true, format: 'text (poststed)', example: 'Kristiansund', field: 'address.postalTown' },
  { name: 'district', required: true, format: 'text: the area the municipality names', example: 'Nordlandet', field: 'district' },
  { name: 'dwelling_type', required: true, format: 'ordinary, care-with-staff-base, care-near-base, ordinary-with-common-areas or temporary', example: 'ordinary', field: 'dwellingType' },
  { name: 'rooms', required: true, format: 'whole number 1–20', example: '3', field: 'rooms' },
  { name: 'bedrooms', required: true, format: 'whole number 0–20, not more than rooms', example: '2', field: 'bedrooms' },
  { name: 'primary_area_m2', required: true, format: 'number above 0, at most 1000; decimal comma or point', example: '62,5', field: 'primaryAreaM2' },
  { name: 'floor', required: true, format: 'whole number -5–60', example: '1', field: 'floor' },
  { name: 'wheelchair_accessible', required: true, format: 'ja/nei, true/false or 1/0', example: 'ja', field: 'wheelchairAccessible' },
  { name: 'universally_designed', required: true, format: 'ja/nei, true/false or 1/0', example: 'nei', field: 'universallyDesigned' },
  { name: 'shared_living', required: true, format: 'ja/nei, true/false or 1/0', example: 'nei', field: 'sharedLiving' },
  { name: 'rent_to_own_potential', required: true, format: 'ja/nei, true/false or 1/0', example: 'ja', field: 'rentToOwnPotential' },
  { name: 'ownership', required: true, format: 'municipal, property-company or leased-in', example: 'municipal', field: 'ownership' },
  { name: 'lease_in_end_date', required: false, format: 'YYYY-MM-DD; required for, and only for, leased-in', example: '2027-06-30', field: 'leaseInEndDate' },
  { name: 'registered_on', required: true, format: 'YYYY-MM-DD: the date the dwelling enters the register', example: '2025-01-01', field: 'registeredOn' },
  { name: 'grant_amount', required: false, format: "whole kroner (spaces between thousands allowed) of Husbanken's rental-housing grant", example: '762000', field: 'grant.amount' },
  { name: 'grant_date', required: false, format: 'YYYY-MM-DD: the day the grant was given', example: '2019-09-01', field: 'grant.grantDate' },
  { name: 'grant_write_down_years', required: false, format: '30 (current regulation) or 20 (older grants)', example: '30', field: 'grant.writeDownYears' },
] as const satisfies readonly OpeningBalanceColumn[];

export type OpeningBalanceColumnName = (typeof OPENING_BALANCE_COLUMNS)[number]['name'];

/** The three grant columns: all filled, or all empty. */
export const GRANT_COLUMNS = ['grant_amount', 'grant_date', 'grant_write_down_years'] as const satisfies readonly OpeningBalanceColumnName[];

const COLUMN_BY_FIELD = new Map<string, OpeningBalanceColumnName>(OPENING_BALANCE_COLUMNS.map((c) => [c.field, c.name]));

/** The column a decider field name (as in a ValidationError) comes from; null when none does. */
export function columnOfField(field: string | undefined): OpeningBalanceColumnName | null {
  return field === undefined ? null : (COLUMN_BY_FIELD.get(field) ?? null);
}
