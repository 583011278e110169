import { Inject } from '@nestjs/common';
import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { osloToday } from '../graphql/oslo-date.js';
import { outstandingGrant } from './dwelling/grant-write-down.js';
import type { WriteDownYears } from './dwelling/rental-housing-grant.js';
import { BuildingsReadModel, buildingNode } from './buildings.read-model.js';
import { DwellingReadModel, type ConditionRow, type DwellingNode as CurrentDwellingNode } from './dwelling-read-model.js';
import type { AsOf } from '../projections/valid-time-history.js';

/**
 * A dwelling node; `asOf` is set when it was read as known at an earlier instant (time travel), and
 * `loadedConditions` when its condition assessments came with it (`byIdWithConditions`).
 */
type DwellingNode = CurrentDwellingNode & { asOf?: AsOf; loadedConditions?: ConditionRow[] };

interface GrantNode {
  amount: number;
  grantDate: string;
  writeDownYears: WriteDownYears;
}

/** Fields of Dwelling that come from other tables, loaded only when asked for. */
@Resolver('Dwelling')
export class DwellingFieldResolver {
  constructor(
    @Inject(DwellingReadModel) private readonly dwellings: DwellingReadModel,
    @Inject(BuildingsReadModel) private readonly buildings: BuildingsReadModel,
  ) {}

  @ResolveField('conditions')
  async conditions(@Parent() dwelling: DwellingNode) {
    return (dwelling.loadedConditions ?? (await this.dwellings.conditions(dwelling.id, dwelling.asOf))).map((c) => ({
      buildingPart: c.building_part,
      grade: c.grade,
      assessedOn: c.assessed_on,
      assessor: c.assessor,
      reportReference: c.report_reference,
    }));
  }

  @ResolveField('rentalHousingGrants')
  async rentalHousingGrants(@Parent() dwelling: DwellingNode): Promise<GrantNode[]> {
    return (await this.dwellings.grants(dwelling.id, dwelling.asOf)).map((g) => ({
      amount: Number(g.amount),
      grantDate: g.grant_date,
      writeDownYears: g.write_down_years as WriteDownYears,
    }));
  }

  @ResolveField('outstandingGrant')
  async outstandingGrant(@Parent() dwelling: DwellingNode, @Args('on') on?: string) {
    if (dwelling.leftPortfolioOn !== null) return 0;
    const date = on ?? osloToday();
    const grants = await this.rentalHousingGrants(dwelling);
    return grants.reduce((sum, g) => sum + outstandingGrant(g, date), 0);
  }

  /**
   * The building the dwelling belongs to now, as it is now (buildings are not kept as of an instant).
   * A dwelling read with `asOf` carries the key it had then, which a later correction of its address
   * or matrikkel may have left to other dwellings or to none: it is looked up by the dwelling instead.
   * Read now, the node's key is the current one, unless a correction landed between the two reads.
   */
  @ResolveField('building')
  async building(@Parent() dwelling: DwellingNode) {
    const row =
      (dwelling.asOf === undefined ? await this.buildings.byKey(dwelling.buildingKey) : undefined) ?? (await this.buildings.ofDwelling(dwelling.id));
    // Rows of the dwellings read model are never deleted: a dwelling that was read has a building.
    if (!row) throw new Error(`dwelling ${dwelling.id} is not in the dwellings read model`);
    return buildingNode(row);
  }
}

@Resolver('RentalHousingGrant')
export class RentalHousingGrantFieldResolver {
  @ResolveField('outstanding')
  outstanding(@Parent() grant: GrantNode, @Args('on') on?: string) {
    return outstandingGrant(grant, on ?? osloToday());
  }
}
