import { ValidationError } from '../shared-kernel/domain-error.js';
import { optionalText, requireId, requireText } from '../portfolio/dwelling/field-rules.js';
import type { Household } from './household.js';
import { requireNationalId } from './national-id.js';

/**
 * Personal data about the persons of an application: names, national ids, contact details.
 *
 * The boundary: application events name persons only by pseudonymous ids (household.applicantId,
 * household.memberIds). A command may carry this part so it is checked together with the
 * application, but the decider copies none of it into an event. The handler hands it, once the
 * command is accepted, to the personal-data store that the security issue builds: encrypted per
 * data subject (one key per person), so that erasing a person means destroying their key, while
 * the application's history (kept permanently under the archive rules) stays readable as facts
 * about a pseudonymous household.
 *
 * Nothing here is ever put into an error message: errors name the field (by its position in the
 * list) and the rule.
 */
export interface PersonalDataInput {
  persons: PersonRecordInput[];
}

export interface PersonRecordInput {
  personId: string; // the pseudonymous id the application's events use
  name: string;
  nationalId: string | null; // fødselsnummer or D-number; null when the person has none (yet)
  phone?: string | null;
  email?: string | null;
  /** Free-text details about health, substance use or disability: sealed with the person, never a statistic. */
  healthDetails?: string | null;
}

/**
 * A person's record as it is stored: sealed with the person's own key (PersonalDataVault), named
 * by the pseudonymous subject id. This, and only this, is what an event carries about a person.
 */
export interface SealedPersonRecord {
  subjectId: string;
  sealed: string;
}

/** The sealed form the vault produces: 'pd1.' then three base64url parts. A clear value never looks like it. */
const SEALED = /^pd1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

/**
 * Checks sealed records against the household: each about someone in the household, each person
 * once, the applicant's record present, every value in sealed form (so a clear name or national id
 * cannot reach an event by mistake).
 */
export function validateSealedPersonalData(value: unknown, household: Household, path = 'sealedPersonalData'): SealedPersonRecord[] {
  if (!Array.isArray(value)) throw new ValidationError(path, 'must be a list of sealed person records', 'FIELD_REQUIRED');
  const inHousehold = new Set([household.applicantId, ...household.memberIds]);
  const seen = new Set<string>();
  const records = value.map((record: unknown, i): SealedPersonRecord => {
    const at = `${path}[${i}]`;
    if (typeof record !== 'object' || record === null) throw new ValidationError(at, 'is required', 'FIELD_REQUIRED');
    const r = record as Partial<SealedPersonRecord>;
    const subjectId = requireId(r.subjectId, `${at}.subjectId`);
    if (!inHousehold.has(subjectId)) throw new ValidationError(`${at}.subjectId`, 'must be the applicant or a member of the household', 'PERSON_NOT_IN_HOUSEHOLD');
    if (seen.has(subjectId)) throw new ValidationError(`${at}.subjectId`, 'names a person already given', 'DUPLICATE_PERSON');
    seen.add(subjectId);
    if (typeof r.sealed !== 'string' || !SEALED.test(r.sealed)) {
      throw new ValidationError(`${at}.sealed`, 'must be sealed by the personal-data vault; personal data is never recorded in clear', 'NOT_SEALED');
    }
    return { subjectId, sealed: r.sealed };
  });
  if (records.length > 0 && !seen.has(household.applicantId)) {
    throw new ValidationError(path, "must include the applicant's record", 'APPLICANT_PERSONAL_DATA_MISSING');
  }
  return records;
}

/**
 * A plausible e-mail address, checked simply on purpose (no attempt at RFC 5322): one '@' with
 * something before it, and a domain with a dot and something on both sides of it (something@domain.tld),
 * no spaces. It catches a phone number or a name in the wrong field; whether the address exists is not known.
 */
const PLAUSIBLE_EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function optionalEmail(value: unknown, field: string): string | null {
  const email = optionalText(value, field);
  if (email !== null && !PLAUSIBLE_EMAIL.test(email)) {
    // The value itself is personal data: the message names the field and the rule only.
    throw new ValidationError(field, 'must be a plausible e-mail address: something@domain.tld, without spaces', 'INVALID_EMAIL');
  }
  return email;
}

export interface PersonalDataRules {
  /** Accept synthetic test numbers (month + 80). Production may refuse them. */
  acceptSyntheticNationalIds: boolean;
}

/**
 * Checks the personal data against the household: one record per person at most, the applicant's
 * record present, every record about someone in the household, no national id twice, every national
 * id valid and of someone born on or before `submittedOn`. Returns it with text trimmed.
 */
export function validatePersonalData(
  value: unknown,
  household: Household,
  submittedOn: string,
  rules: PersonalDataRules = { acceptSyntheticNationalIds: true },
  path = 'personalData',
): PersonalDataInput {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as PersonalDataInput).persons)) {
    throw new ValidationError(`${path}.persons`, 'must be a list of person records', 'FIELD_REQUIRED');
  }
  const inHousehold = new Set([household.applicantId, ...household.memberIds]);
  const seenPersons = new Map<string, number>();
  const seenNationalIds = new Map<string, number>();
  const persons = (value as PersonalDataInput).persons.map((person, i): PersonRecordInput => {
    const at = `${path}.persons[${i}]`;
    if (typeof person !== 'object' || person === null) throw new ValidationError(at, 'is required', 'FIELD_REQUIRED');
    const personId = requireId(person.personId, `${at}.personId`);
    if (!inHousehold.has(personId)) {
      throw new ValidationError(`${at}.personId`, 'must be the applicant or a member of the household', 'PERSON_NOT_IN_HOUSEHOLD');
    }
    if (seenPersons.has(personId)) {
      throw new ValidationError(`${at}.personId`, `names the same person as persons[${seenPersons.get(personId)}]`, 'DUPLICATE_PERSON');
    }
    seenPersons.set(personId, i);
    const name = requireText(person.name, `${at}.name`);
    const nationalId =
      person.nationalId === null || person.nationalId === undefined
        ? null
        : requireNationalId(person.nationalId, `${at}.nationalId`, {
            acceptSynthetic: rules.acceptSyntheticNationalIds,
            notBornAfter: submittedOn,
          });
    if (nationalId !== null) {
      const earlier = seenNationalIds.get(nationalId);
      if (earlier !== undefined) {
        throw new ValidationError(`${at}.nationalId`, `is the same as the national id of persons[${earlier}]`, 'DUPLICATE_NATIONAL_ID');
      }
      seenNationalIds.set(nationalId, i);
    }
    return {
      personId,
      name,
      nationalId,
      phone: optionalText(person.phone, `${at}.phone`),
      email: optionalEmail(person.email, `${at}.email`),
      healthDetails: optionalText(person.healthDetails, `${at}.healthDetails`),
    };
  });
  if (!seenPersons.has(household.applicantId)) {
    throw new ValidationError(`${path}.persons`, "must include the applicant's record", 'APPLICANT_PERSONAL_DATA_MISSING');
  }
  return { persons };
}
