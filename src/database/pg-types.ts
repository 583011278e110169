import pg from 'pg';

/**
 * Calendar dates stay 'YYYY-MM-DD' strings: parsing a DATE into a JS Date would shift it by the
 * time zone (a decision dated 2025-01-01 must not become 2024-12-31T23:00Z).
 */
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
