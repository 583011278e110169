/**
 * How urgently the household needs a dwelling, as the caseworker assesses it. 'acute': no place to
 * sleep tonight or shortly (temporary housing under sosialtjenesteloven § 27 covers the first days,
 * at most 3 months); 'high': the situation will become acute soon; 'normal': the rest.
 * How urgency ranks on the waiting list is configuration (waiting-list-rules.ts).
 */
export const URGENCIES = ['acute', 'high', 'normal'] as const;
export type Urgency = (typeof URGENCIES)[number];
