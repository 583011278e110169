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

  @ResolveField('building')
  async building(@Parent() dwelling: DwellingNode) {
    const row = await this.buildings.byKey(dwelling.buildingKey);
    return buildingNode(row!);
  }
}

@Resolver('RentalHousingGrant')
export class RentalHousingGrantFieldResolver {
  @ResolveField('outstanding')
  outstanding(@Parent() grant: GrantNode, @Args('on') on?: string) {
    return outstandingGrant(grant, on ?? osloToday());
  }
}
