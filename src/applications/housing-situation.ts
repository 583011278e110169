/**
 * Why the household is disadvantaged on the housing market (national strategy "Alle trenger et
 * trygt hjem" 2021–2024): without a home of its own, at risk of losing its home, or living in an
 * unsuitable home or neighbourhood.
 */
export const HOUSING_SITUATIONS = ['without-home', 'at-risk-of-losing-home', 'unsuitable-home'] as const;
export type HousingSituation = (typeof HOUSING_SITUATIONS)[number];
