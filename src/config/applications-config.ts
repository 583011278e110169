import { DEFAULT_APPLICATIONS_POLICY, type ApplicationsPolicy } from '../applications/applications-policy.js';
import { BACKGROUND_CATEGORIES, type BackgroundCategory } from '../applications/background-category.js';
import { HOUSING_SITUATIONS } from '../applications/housing-situation.js';
import { LIST_DATE_POLICIES, type ListDatePolicy } from '../applications/list-date-policy.js';
import { URGENCIES } from '../applications/urgency.js';
import { WAITING_LIST_CRITERIA, type WaitingListCriterion } from '../applications/waiting-list/waiting-list-rules.js';
import { DEFAULT_ALLOCATION_POLICY, type AllocationPolicy } from '../allocations/allocation-policy.js';
import { DWELLING_TYPES, type DwellingType } from '../portfolio/dwelling/dwelling-description.js';

type Env = Record<string, string | undefined>;

/**
 * The municipality's policy for applications, the waiting list and allocation, from environment
 * variables (documented in README.md). Every problem names the variable and what
 * it accepts; config.ts collects them with the rest and stops the service at start.
 */
export function readApplicationsConfig(
  env: Env,
  nodeEnv: string,
  problems: string[],
): { applications: ApplicationsPolicy; allocation: AllocationPolicy } {
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got '${raw}')`);
      return fallback;
    }
    return Number(raw);
  };
  /** A whole number, or 'none' for no limit. */
  const intOrNone = (name: string, fallback: number | null, min: number, max: number): number | null => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (raw === 'none') return null;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, or 'none' (got '${raw}')`);
      return fallback;
    }
    return Number(raw);
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got '${raw}')`);
      return fallback;
    }
    return raw as T;
  };
  /** A comma-separated list of allowed words ('none' for an empty list), each at most once. */
  const list = <T extends string>(name: string, allowed: readonly T[], fallback: T[], allowEmpty = true): T[] => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (raw === 'none') {
      if (!allowEmpty) problems.push(`${name} must name at least one of ${allowed.join(', ')}`);
      return allowEmpty ? [] : fallback;
    }
    const items = raw.split(',').map((s) => s.trim());
    const wrong = items.filter((i) => !(allowed as readonly string[]).includes(i));
    if (wrong.length > 0 || new Set(items).size !== items.length) {
      problems.push(`${name} must be a comma-separated list of distinct values from ${allowed.join(', ')} (got '${raw}')`);
      return fallback;
    }
    return items as T[];
  };
  const numbers = (name: string, fallback: number[], min: number, max: number): number[] => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const items = raw.split(',').map((s) => s.trim());
    if (items.some((i) => !/^-?\d+$/.test(i) || Number(i) < min || Number(i) > max)) {
      problems.push(`${name} must be a comma-separated list of whole numbers from ${min} to ${max} (got '${raw}')`);
      return fallback;
    }
    return items.map(Number);
  };
  /** 'key:rank,key:rank' with a rank for every key. */
  const ranks = <K extends string>(name: string, keys: readonly K[], fallback: Record<K, number>): Record<K, number> => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const pairs = raw.split(',').map((p) => p.trim().split(':'));
    const given = new Map(pairs.map(([k, v]) => [k ?? '', v ?? '']));
    const ok = pairs.length === keys.length && keys.every((k) => /^\d{1,2}$/.test(given.get(k) ?? ''));
    if (!ok) {
      problems.push(`${name} must give a rank 0-99 to each of ${keys.join(', ')}, as key:rank,… (got '${raw}')`);
      return fallback;
    }
    return Object.fromEntries(keys.map((k) => [k, Number(given.get(k))])) as Record<K, number>;
  };

  const a = DEFAULT_APPLICATIONS_POLICY;
  const w = a.waitingList;
  const listDate = (name: string, fallback: ListDatePolicy) => oneOf(name, LIST_DATE_POLICIES, fallback);
  const applications: ApplicationsPolicy = {
    approvalValidityMonths: int('APPROVAL_VALIDITY_MONTHS', a.approvalValidityMonths, 1, 120),
    listDateAfterDeclinedOffer: listDate('LIST_DATE_AFTER_DECLINED_OFFER', a.listDateAfterDeclinedOffer),
    listDateAfterExpiredOffer: listDate('LIST_DATE_AFTER_EXPIRED_OFFER', a.listDateAfterExpiredOffer),
    listDateAfterRenewalOfExpired: listDate('LIST_DATE_AFTER_RENEWAL_OF_EXPIRED', a.listDateAfterRenewalOfExpired),
    // Synthetic test numbers (month + 80) belong to nobody: accepted in development and test, refused in production unless set.
    acceptSyntheticNationalIds: oneOf('ACCEPT_SYNTHETIC_NATIONAL_IDS', ['true', 'false'] as const, nodeEnv === 'production' ? 'false' : 'true') === 'true',
    waitingList: {
      order: list<WaitingListCriterion>('WAITING_LIST_ORDER', WAITING_LIST_CRITERIA, w.order, false),
      urgencyRank: ranks('WAITING_LIST_URGENCY_RANK', URGENCIES, w.urgencyRank),
      housingSituationRank: ranks('WAITING_LIST_HOUSING_SITUATION_RANK', HOUSING_SITUATIONS, w.housingSituationRank),
      priorityCategories: list<BackgroundCategory>('WAITING_LIST_PRIORITY_CATEGORIES', BACKGROUND_CATEGORIES, w.priorityCategories),
    },
  };

  const p = DEFAULT_ALLOCATION_POLICY;
  const allocation: AllocationPolicy = {
    fit: {
      bedrooms: {
        minimumBySize: numbers('FIT_BEDROOMS_BY_HOUSEHOLD_SIZE', p.fit.bedrooms.minimumBySize, 0, 10),
        childrenPerBedroom: intOrNone('FIT_CHILDREN_PER_BEDROOM', p.fit.bedrooms.childrenPerBedroom, 1, 10),
        maxSurplus: intOrNone('FIT_MAX_SURPLUS_BEDROOMS', p.fit.bedrooms.maxSurplus, 0, 10),
      },
      groundLevelFloors: numbers('FIT_GROUND_LEVEL_FLOORS', p.fit.groundLevelFloors, -5, 60),
      careDwellingTypes: list<DwellingType>('FIT_CARE_DWELLING_TYPES', DWELLING_TYPES, p.fit.careDwellingTypes),
    },
    concentration: {
      categories: list<BackgroundCategory>('CONCENTRATION_CAP_CATEGORIES', BACKGROUND_CATEGORIES, p.concentration.categories),
      maxPercentPerBuilding: intOrNone('CONCENTRATION_CAP_BUILDING_PERCENT', p.concentration.maxPercentPerBuilding, 0, 100),
      maxPercentPerDistrict: intOrNone('CONCENTRATION_CAP_DISTRICT_PERCENT', p.concentration.maxPercentPerDistrict, 0, 100),
      minimumDwellingsInBuilding: int('CONCENTRATION_CAP_MIN_DWELLINGS_IN_BUILDING', p.concentration.minimumDwellingsInBuilding, 1, 1000),
    },
    minimumCommitteeMembers: int('COMMITTEE_MINIMUM_MEMBERS', p.minimumCommitteeMembers, 1, 50),
    answerDays: int('OFFER_ANSWER_DAYS', p.answerDays, 1, 90),
  };
  return { applications, allocation };
}

/** The documented variables, for `boligbok --help` and the README. */
export const APPLICATIONS_CONFIG_VARIABLES: ReadonlyArray<[string, string]> = [
  ['APPROVAL_VALIDITY_MONTHS', 'months an approval stays valid without renewal (default 12)'],
  ['LIST_DATE_AFTER_DECLINED_OFFER', 'keep-original-date | restart-date (default keep-original-date)'],
  ['LIST_DATE_AFTER_EXPIRED_OFFER', 'keep-original-date | restart-date (default keep-original-date)'],
  ['LIST_DATE_AFTER_RENEWAL_OF_EXPIRED', 'keep-original-date | restart-date (default restart-date)'],
  ['ACCEPT_SYNTHETIC_NATIONAL_IDS', 'true | false: accept synthetic test national ids (default true, false in production)'],
  ['WAITING_LIST_ORDER', `waiting-list rules in order, from ${WAITING_LIST_CRITERIA.join(', ')} (default urgency,waitingSince)`],
  ['WAITING_LIST_URGENCY_RANK', 'rank per urgency, lower first (default acute:0,high:1,normal:2)'],
  ['WAITING_LIST_HOUSING_SITUATION_RANK', 'rank per housing situation (default without-home:0,at-risk-of-losing-home:1,unsuitable-home:2)'],
  ['WAITING_LIST_PRIORITY_CATEGORIES', 'background categories put first by the priorityCategories rule (default none)'],
  ['FIT_BEDROOMS_BY_HOUSEHOLD_SIZE', 'minimum bedrooms for 1, 2, … persons (default 0,1,2,2,3,3)'],
  ['FIT_CHILDREN_PER_BEDROOM', "children per bedroom, or 'none' (default 2)"],
  ['FIT_MAX_SURPLUS_BEDROOMS', "bedrooms allowed beyond the need, or 'none' (default none)"],
  ['FIT_GROUND_LEVEL_FLOORS', 'floors counted as step-free (default 1)'],
  ['FIT_CARE_DWELLING_TYPES', 'dwelling types with care services near (default care-with-staff-base,care-near-base)'],
  ['CONCENTRATION_CAP_CATEGORIES', 'background categories under the concentration cap (default substance-abuse-or-mental-illness)'],
  ['CONCENTRATION_CAP_BUILDING_PERCENT', "largest share of a building let to capped households, or 'none' (default 25)"],
  ['CONCENTRATION_CAP_DISTRICT_PERCENT', "largest share of a district, or 'none' (default none)"],
  ['CONCENTRATION_CAP_MIN_DWELLINGS_IN_BUILDING', 'the building cap applies from this many dwellings (default 4)'],
  ['COMMITTEE_MINIMUM_MEMBERS', 'members an allocation committee meeting needs (default 3)'],
  ['OFFER_ANSWER_DAYS', 'days a household has to answer an offer (default 7)'],
];
