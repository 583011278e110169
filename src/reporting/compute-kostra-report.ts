import type pg from 'pg';
import { outstandingGrant } from '../portfolio/dwelling/grant-write-down.js';
import type { RentalHousingGrant } from '../portfolio/dwelling/rental-housing-grant.js';
import type { KostraReport } from './kostra-report.js';
import { reportingFactsProjection } from './reporting-facts.projection.js';

export interface KostraReportRequest {
  year: number;
  municipality: string;
  position: bigint;
  /** The municipality applications and the waiting list belong to; null = none known. */
  applicantMunicipality: string | null;
}

/**
 * Declares the four parameters' types once ($1 position, $2 1 January, $3 31 December, $4
 * kommunenummer), so a query need not use each of them.
 */
const TYPED_PARAMETERS = `typed AS (SELECT $1::bigint AS p, $2::date AS year_start, $3::date AS year_end, $4::text AS municipality)`;

/**
 * The dwelling's kommunenummer, unit and description fields as they stood on 31.12, as known at the
 * position: the registration plus the corrections dated by 31.12 and recorded by the position, in
 * log order. Each version row holds the description in force on its date as known at its position
 * (a backdated correction also re-derives the later-dated versions), so that is the row of the
 * highest position among those dated by 31.12, and of those the latest-dated. A dwelling with no
 * version dated by 31.12 (registered later) falls back to its first version (the registration), so
 * a lease or sale can still be attributed to a municipality.
 * $1 = position, $3 = 31.12.
 */
const DWELLING_ON_31_12 = `
  ${TYPED_PARAMETERS},
  dv AS (
    SELECT DISTINCT ON (dwelling_id) dwelling_id, kommunenummer, unit_key, ownership, wheelchair_accessible
    FROM rpt_dwelling_versions WHERE position <= $1
    ORDER BY dwelling_id, (effective_on <= $3) DESC, CASE WHEN effective_on <= $3 THEN position ELSE -position END DESC, effective_on DESC
  )`;

/** In the portfolio at the end of 31.12: entered by then, and not left by then (as known at the position). */
const IN_STOCK = `d.entered_position <= $1 AND d.entered_on <= $3 AND NOT coalesce(d.left_position <= $1 AND d.left_on <= $3, false)`;

/**
 * Computes the report from the reporting-facts tables (`reporting-facts.projection.ts`) with set-based
 * queries, ignoring every fact recorded after the position. The caller makes sure the projection
 * has processed the log up to the position. One REPEATABLE READ transaction, so the queries see one
 * snapshot even while the projection moves on.
 */
export async function computeKostraReport(pool: pg.Pool, request: KostraReportRequest): Promise<KostraReport> {
  const { year, municipality } = request;
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const params = [request.position.toString(), start, end, municipality];
  const applicantSide = request.applicantMunicipality === municipality;
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Lock the read model's views (and the tables behind them) before the snapshot is taken: a
    // query that first waited on a rebuild's switch would otherwise read the new generation's
    // tables with a snapshot from before the switch committed, without the rows it wrote. LOCK takes
    // no snapshot; the first SELECT below does, after the switch.
    await client.query(`LOCK TABLE ${Object.keys(reportingFactsProjection.tables).join(', ')} IN ACCESS SHARE MODE`);
    const one = async (sql: string, values: unknown[] = params) => (await client.query(sql, values)).rows[0] as Record<string, string | number | null>;
    const n = (x: string | number | null | undefined) => Number(x ?? 0);

    const stock = await one(`
      WITH ${DWELLING_ON_31_12},
      units AS (
        SELECT DISTINCT ON (dv.unit_key) dv.ownership, dv.wheelchair_accessible
        FROM rpt_dwellings d JOIN dv USING (dwelling_id)
        WHERE ${IN_STOCK} AND dv.kommunenummer = $4
        ORDER BY dv.unit_key, d.entered_on DESC, d.entered_position DESC
      )
      SELECT count(*)::int AS total,
        count(*) FILTER (WHERE ownership IN ('municipal', 'property-company'))::int AS municipal,
        count(*) FILTER (WHERE ownership = 'leased-in')::int AS private,
        count(*) FILTER (WHERE wheelchair_accessible)::int AS wheelchair
      FROM units`);

    const movements = await one(`
      WITH ${DWELLING_ON_31_12}
      SELECT
        count(*) FILTER (WHERE d.entered_position <= $1 AND d.entered_on BETWEEN $2 AND $3)::int AS entered,
        count(*) FILTER (WHERE d.left_position <= $1 AND d.left_on BETWEEN $2 AND $3 AND d.left_how = 'sold')::int AS sold,
        count(*) FILTER (WHERE d.left_position <= $1 AND d.left_on BETWEEN $2 AND $3 AND d.left_how = 'lease-in-ended')::int AS lease_ins_ended,
        count(*) FILTER (WHERE d.left_position <= $1 AND d.left_on BETWEEN $2 AND $3 AND d.sale_settlement_kind = 'repayment')::int AS with_repayment,
        coalesce(sum(d.sale_repayment) FILTER (WHERE d.left_position <= $1 AND d.left_on BETWEEN $2 AND $3 AND d.sale_settlement_kind = 'repayment'), 0)::bigint::text AS repayment_amount,
        count(*) FILTER (WHERE d.left_position <= $1 AND d.left_on BETWEEN $2 AND $3 AND d.sale_settlement_kind = 'husbanken-consent')::int AS with_consent,
        count(*) FILTER (WHERE d.left_position <= $1 AND d.left_on BETWEEN $2 AND $3 AND d.left_how = 'sold' AND d.sale_buyer = 'sitting-tenant')::int AS to_sitting_tenant
      FROM rpt_dwellings d JOIN dv USING (dwelling_id)
      WHERE dv.kommunenummer = $4`);

    const grants = await one(`
      WITH ${DWELLING_ON_31_12}
      SELECT
        count(DISTINCT d.dwelling_id) FILTER (WHERE g.given_with = 'acquisition' AND d.entered_on BETWEEN $2 AND $3)::int AS acquired_dwellings,
        coalesce(sum(g.amount) FILTER (WHERE g.given_with = 'acquisition' AND d.entered_on BETWEEN $2 AND $3), 0)::bigint::text AS acquired_amount,
        count(*) FILTER (WHERE g.grant_date BETWEEN $2 AND $3)::int AS given,
        coalesce(sum(g.amount) FILTER (WHERE g.grant_date BETWEEN $2 AND $3), 0)::bigint::text AS given_amount
      FROM rpt_grants g JOIN rpt_dwellings d USING (dwelling_id) JOIN dv USING (dwelling_id)
      WHERE g.position <= $1 AND dv.kommunenummer = $4`);

    // Outstanding on 31.12 with the portfolio's own write-down rule, over grants of dwellings in stock then.
    const { rows: grantRows } = await client.query<{ amount: string; grant_date: string; write_down_years: number }>(
      `WITH ${DWELLING_ON_31_12}
       SELECT g.amount::text, g.grant_date, g.write_down_years
       FROM rpt_grants g JOIN rpt_dwellings d USING (dwelling_id) JOIN dv USING (dwelling_id)
       WHERE g.position <= $1 AND g.grant_date <= $3 AND ${IN_STOCK} AND dv.kommunenummer = $4`,
      params,
    );
    const outstanding = grantRows.reduce(
      (sum, g) =>
        sum + outstandingGrant({ amount: Number(g.amount), grantDate: g.grant_date, writeDownYears: g.write_down_years as RentalHousingGrant['writeDownYears'] }, end),
      0,
    );

    const moveIns = await one(`
      WITH ${DWELLING_ON_31_12},
      moved AS (
        SELECT l.household_id, (l.previous_lease_id IS NOT NULL OR coalesce(a.kind = 'swap', false)) AS within_stock,
          (a.refugee_arrival_date IS NOT NULL AND l.start_date < a.refugee_arrival_date + interval '5 years') AS refugee,
          coalesce(a.substance_or_mental, false) AS substance
        FROM rpt_leases l JOIN dv USING (dwelling_id)
        LEFT JOIN rpt_applications a ON a.application_id = l.application_id AND a.position <= $1
        WHERE l.position <= $1 AND l.start_date BETWEEN $2 AND $3 AND dv.kommunenummer = $4
      )
      SELECT count(DISTINCT household_id) FILTER (WHERE NOT within_stock)::int AS newly,
        count(DISTINCT household_id) FILTER (WHERE NOT within_stock AND refugee)::int AS refugees,
        count(DISTINCT household_id) FILTER (WHERE NOT within_stock AND substance)::int AS substance,
        count(DISTINCT household_id) FILTER (WHERE within_stock)::int AS within_stock
      FROM moved`);

    // The security is counted over the same leases as the contract types (one WHERE for all).
    const contracts = await one(`
      WITH ${DWELLING_ON_31_12}
      SELECT count(*)::int AS in_force,
        count(*) FILTER (WHERE l.contract_type = 'short-term')::int AS short_term,
        count(*) FILTER (WHERE l.contract_type = 'temporary-housing')::int AS temporary,
        count(*) FILTER (WHERE l.security_kind = 'deposit')::int AS deposit,
        count(*) FILTER (WHERE l.security_kind = 'guarantee')::int AS guarantee,
        count(*) FILTER (WHERE l.security_kind = 'guarantee' AND l.guarantor = 'nav')::int AS guarantee_nav,
        count(*) FILTER (WHERE l.security_kind = 'guarantee' AND l.guarantor = 'municipality')::int AS guarantee_municipality,
        count(*) FILTER (WHERE l.security_kind = 'guarantee' AND l.guarantor = 'private')::int AS guarantee_private,
        count(*) FILTER (WHERE l.security_kind = 'none')::int AS no_security
      FROM rpt_leases l JOIN dv USING (dwelling_id)
      WHERE l.position <= $1 AND l.start_date <= $3 AND NOT coalesce(l.ended_position <= $1 AND l.ended_on <= $3, false)
        AND dv.kommunenummer = $4`);

    const evictions = await one(`
      WITH ${DWELLING_ON_31_12}
      SELECT count(*)::int AS evictions
      FROM rpt_leases l JOIN dv USING (dwelling_id)
      WHERE l.ended_position <= $1 AND l.end_reason = 'eviction'
        AND coalesce(l.eviction_enforced_on, l.ended_on) BETWEEN $2 AND $3 AND dv.kommunenummer = $4`);

    const ownership = await one(`
      WITH ${DWELLING_ON_31_12}
      SELECT count(DISTINCT t.household_id)::int AS households,
        count(*) FILTER (WHERE t.completed_plan = 'buy-rented-dwelling')::int AS rented,
        count(*) FILTER (WHERE t.completed_plan = 'buy-on-market')::int AS market
      FROM rpt_transitions t JOIN dv USING (dwelling_id)
      WHERE t.completed_position <= $1 AND t.completed_on BETWEEN $2 AND $3 AND dv.kommunenummer = $4`);

    const startlan = await one(`
      WITH ${DWELLING_ON_31_12}
      SELECT count(*)::int AS loans, coalesce(sum(s.amount), 0)::bigint::text AS amount
      FROM rpt_startlan s JOIN rpt_transitions t USING (transition_id) JOIN dv ON dv.dwelling_id = t.dwelling_id
      WHERE s.position <= $1 AND t.position <= $1 AND s.granted_on BETWEEN $2 AND $3 AND dv.kommunenummer = $4`);

    let applications: KostraReport['applications'] = {
      newReceived: null,
      newRefused: null,
      swapOrExtensionReceived: null,
      swapOrExtensionRefused: null,
      refusalsReversedOnAppeal: null,
    };
    let waitingList: KostraReport['waitingList'] = {
      total: null,
      needingAdaptedDwelling: null,
      substanceAbuseOrMentalIllness: null,
      other: null,
      swapRequestsWaiting: null,
    };
    if (applicantSide) {
      const received = await one(
        `WITH ${TYPED_PARAMETERS}
         SELECT count(*) FILTER (WHERE kind = 'new')::int AS new, count(*) FILTER (WHERE kind <> 'new')::int AS other
         FROM rpt_applications WHERE position <= $1 AND submitted_on BETWEEN $2 AND $3`,
        params,
      );
      const refused = await one(
        `WITH ${TYPED_PARAMETERS}, refusals AS (
           SELECT a.kind, EXISTS (
             SELECT 1 FROM rpt_decisions r WHERE r.application_id = d.application_id AND r.step = 'appeal'
               AND r.outcome = 'reversed' AND r.position <= $1 AND r.decided_on <= $3) AS reversed
           FROM rpt_decisions d JOIN rpt_applications a USING (application_id)
           WHERE d.position <= $1 AND d.step = 'first-instance' AND d.outcome = 'rejected' AND d.decided_on BETWEEN $2 AND $3
         )
         SELECT count(*) FILTER (WHERE kind = 'new' AND NOT reversed)::int AS new,
           count(*) FILTER (WHERE kind <> 'new' AND NOT reversed)::int AS other,
           count(*) FILTER (WHERE reversed)::int AS reversed
         FROM refusals`,
        params,
      );
      applications = {
        newReceived: n(received.new),
        newRefused: n(refused.new),
        swapOrExtensionReceived: n(received.other),
        swapOrExtensionRefused: n(refused.other),
        refusalsReversedOnAppeal: n(refused.reversed),
      };
      const waiting = await one(
        `WITH ${TYPED_PARAMETERS}, waiting AS (
           SELECT DISTINCT a.application_id, a.kind, a.adapted_dwelling, a.substance_or_mental
           FROM rpt_waiting w JOIN rpt_applications a USING (application_id)
           WHERE w.from_position <= $1 AND w.from_on <= $3 AND NOT coalesce(w.to_position <= $1 AND w.to_on <= $3, false)
         )
         SELECT count(*) FILTER (WHERE kind = 'new')::int AS total,
           count(*) FILTER (WHERE kind = 'new' AND adapted_dwelling)::int AS adapted,
           count(*) FILTER (WHERE kind = 'new' AND substance_or_mental)::int AS substance,
           count(*) FILTER (WHERE kind = 'new' AND NOT adapted_dwelling AND NOT substance_or_mental)::int AS other,
           count(*) FILTER (WHERE kind = 'swap')::int AS swap
         FROM waiting`,
        params,
      );
      waitingList = {
        total: n(waiting.total),
        needingAdaptedDwelling: n(waiting.adapted),
        substanceAbuseOrMentalIllness: n(waiting.substance),
        other: n(waiting.other),
        swapRequestsWaiting: n(waiting.swap),
      };
    }
    await client.query('COMMIT');

    const total = n(stock.total);
    const wheelchair = n(stock.wheelchair);
    return {
      report: 'KOSTRA-13',
      formatVersion: 2,
      year,
      municipality,
      referenceDate: end,
      position: request.position.toString(),
      applicantMunicipality: request.applicantMunicipality,
      stock: {
        total,
        municipallyOwned: n(stock.municipal),
        privatelyOwnedWithAllocationRight: n(stock.private),
        wheelchairAccessible: wheelchair,
        // Integer arithmetic, then one division: the same counts always give the same number.
        wheelchairAccessibleSharePercent: total === 0 ? null : Math.floor((wheelchair * 2000 + total) / (2 * total)) / 10,
        enteredDuringYear: n(movements.entered),
        soldDuringYear: n(movements.sold),
        leaseInsEndedDuringYear: n(movements.lease_ins_ended),
      },
      applications,
      moveIns: {
        newlyMovedInHouseholds: n(moveIns.newly),
        refugees: n(moveIns.refugees),
        substanceAbuseOrMentalIllness: n(moveIns.substance),
        movesWithinStock: n(moveIns.within_stock),
      },
      waitingList,
      contracts: {
        leasesInForce: n(contracts.in_force),
        shortTerm: n(contracts.short_term),
        temporaryHousing: n(contracts.temporary),
        security: {
          deposit: n(contracts.deposit),
          guarantee: {
            leases: n(contracts.guarantee),
            nav: n(contracts.guarantee_nav),
            municipality: n(contracts.guarantee_municipality),
            private: n(contracts.guarantee_private),
          },
          none: n(contracts.no_security),
        },
      },
      husbanken: {
        acquiredWithGrant: { dwellings: n(grants.acquired_dwellings), grantAmount: n(grants.acquired_amount) },
        grantsGivenDuringYear: { grants: n(grants.given), amount: n(grants.given_amount) },
        sold: {
          dwellings: n(movements.sold),
          withRepayment: n(movements.with_repayment),
          repaymentAmount: n(movements.repayment_amount),
          withHusbankenConsent: n(movements.with_consent),
          toSittingTenant: n(movements.to_sitting_tenant),
        },
        outstandingGrantBalance: outstanding,
        tenantsIntoOwnership: { households: n(ownership.households), boughtRentedDwelling: n(ownership.rented), boughtOnMarket: n(ownership.market) },
        startlan: { loans: n(startlan.loans), amount: n(startlan.amount) },
        evictions: n(evictions.evictions),
      },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
