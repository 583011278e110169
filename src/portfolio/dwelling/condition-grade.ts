/**
 * Condition grades (tilstandsgrad) of NS 3600 / NS 3424:
 * - TG0: no defects
 * - TG1: minor defects, normal wear
 * - TG2: moderate defects, maintenance needed
 * - TG3: serious defects, action needed now
 * - TGIU: not inspected (ikke undersøkt)
 */
export const CONDITION_GRADES = ['TG0', 'TG1', 'TG2', 'TG3', 'TGIU'] as const;
export type ConditionGrade = (typeof CONDITION_GRADES)[number];

/** The building part an assessment grades, e.g. 'roof', 'bathroom'; this one grades the whole dwelling. */
export const OVERALL = 'overall';
