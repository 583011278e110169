import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import type { CommandResult } from '../command-handling/command-executor.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { EVENT_STORE } from '../event-store/event-store.port.js';
import { connection, pageRequest } from '../graphql/connection.js';
import { fromGraphqlEnum, toGraphqlEnum } from '../graphql/enum-mapping.js';
import { ReadYourWrites } from '../graphql/read-your-writes.js';
import { commandContext, type RequestContext } from '../graphql/request-context.js';
import { eventStream } from '../graphql/event-stream.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import type { DwellingType, Ownership } from './dwelling/dwelling-description.js';
import { DwellingReadModel, dwellingNode, type DwellingFilter } from './dwelling-read-model.js';
import { DwellingCommandMessage } from './handle-dwelling-command/dwelling-command.message.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RegisterDwellingInput {
  dwellingId?: string | null;
  matrikkel: { kommunenummer: string; gardsnummer: number; bruksnummer: number; festenummer?: number | null; seksjonsnummer?: number | null };
  bruksenhetsnummer: string;
  address: { street: string; postalCode: string; postalTown: string };
  district: string;
  dwellingType: string;
  rooms: number;
  bedrooms: number;
  primaryAreaM2: number;
  floor: number;
  wheelchairAccessible: boolean;
  universallyDesigned: boolean;
  sharedLiving: boolean;
  rentToOwnPotential: boolean;
  ownership: string;
  leaseInEndDate?: string | null;
  registeredOn: string;
}

@Resolver()
export class PortfolioResolver {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(DwellingReadModel) private readonly dwellings: DwellingReadModel,
    @Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query('dwelling')
  async dwelling(@Args('id') id: string, @Args('atLeast') atLeast?: bigint) {
    if (!UUID.test(id)) throw new ValidationError('id', 'must be a UUID');
    await this.readYourWrites.waitFor(atLeast, ['dwellings']);
    const row = await this.dwellings.byId(id);
    return row ? dwellingNode(row, toGraphqlEnum) : null;
  }

  /** Dwellings are the only Node type so far; other modules will add theirs. */
  @Query('node')
  async node(@Args('id') id: string) {
    if (!UUID.test(id)) throw new ValidationError('id', 'must be a UUID');
    const row = await this.dwellings.byId(id);
    return row ? dwellingNode(row, toGraphqlEnum) : null;
  }

  @Query('dwellings')
  async list(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('filter') filter: DwellingFilter | undefined,
    @Args('atLeast') atLeast?: bigint,
  ) {
    const request = pageRequest(first, after);
    if (request.afterKey !== undefined && !UUID.test(request.afterKey)) throw new ValidationError('after', 'must be a cursor returned by an earlier page');
    await this.readYourWrites.waitFor(atLeast, ['dwellings']);
    const f: DwellingFilter = {
      ...filter,
      status: filter?.status ? fromGraphqlEnum(filter.status) : undefined,
      dwellingType: filter?.dwellingType ? fromGraphqlEnum(filter.dwellingType) : undefined,
    };
    const { rows, total } = await this.dwellings.page(f, request.afterKey, request.first);
    return connection(rows.map((r) => dwellingNode(r, toGraphqlEnum)), request, (n) => n.id, total);
  }

  @Mutation('registerDwelling')
  async registerDwelling(@Args('input') input: RegisterDwellingInput, @Context('request') request: RequestContext) {
    const dwellingId = input.dwellingId ?? uuidv7();
    if (!UUID.test(dwellingId)) throw new ValidationError('input.dwellingId', 'must be a UUID');
    const result: CommandResult = await this.commands.execute(
      new DwellingCommandMessage(
        {
          type: 'RegisterDwelling',
          dwellingId: dwellingId.toLowerCase(),
          matrikkel: {
            kommunenummer: input.matrikkel.kommunenummer,
            gardsnummer: input.matrikkel.gardsnummer,
            bruksnummer: input.matrikkel.bruksnummer,
            festenummer: input.matrikkel.festenummer ?? null,
            seksjonsnummer: input.matrikkel.seksjonsnummer ?? null,
          },
          bruksenhetsnummer: input.bruksenhetsnummer,
          address: { ...input.address },
          district: input.district,
          dwellingType: fromGraphqlEnum<DwellingType>(input.dwellingType),
          rooms: input.rooms,
          bedrooms: input.bedrooms,
          primaryAreaM2: input.primaryAreaM2,
          floor: input.floor,
          wheelchairAccessible: input.wheelchairAccessible,
          universallyDesigned: input.universallyDesigned,
          sharedLiving: input.sharedLiving,
          rentToOwnPotential: input.rentToOwnPotential,
          ownership: fromGraphqlEnum<Ownership>(input.ownership),
          leaseInEndDate: input.leaseInEndDate ?? null,
          registeredOn: input.registeredOn,
        },
        commandContext(request, `${input.registeredOn}T00:00:00.000Z`),
      ),
    );
    return { dwellingId: dwellingId.toLowerCase(), revision: result.revision.toString(), position: result.position };
  }

  @Subscription('dwellingChanged')
  dwellingChanged() {
    return eventStream(this.store, { categories: ['dwelling'] }, (event) => ({
      dwellingChanged: {
        dwellingId: (event.data as { dwellingId: string }).dwellingId,
        eventType: event.type,
        position: event.position,
        occurredAt: event.metadata.occurredAt,
      },
    }));
  }
}
