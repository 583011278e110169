import { isUuid } from '../shared-kernel/uuid.js';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { CommandResult } from '../command-handling/command-executor.js';
import { fromGraphqlEnum } from '../graphql/enum-mapping.js';
import { commandContext, type RequestContext } from '../graphql/request-context.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import type { DwellingCommand } from './dwelling/dwelling.commands.js';
import { DwellingCommandMessage } from './handle-dwelling-command/dwelling-command.message.js';
import { toCorrections, toDescription, type DwellingDescriptionInput } from './dwelling-input.mapping.js';

/** Whatever the command shape, it names its dwelling; the rest is checked by the decider. */
type AnyDwellingCommand = { type: DwellingCommand['type']; dwellingId: string } & Record<string, unknown>;

interface GrantInput {
  amount: number;
  grantDate: string;
  writeDownYears?: number | null;
}

/** The portfolio's commands over GraphQL: each becomes one DwellingCommandMessage on the command bus. */
@Resolver()
export class DwellingCommandsResolver {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  private async run(command: AnyDwellingCommand, request: RequestContext, occurredOn: string, expectedRevision?: string | null, dwellingIdFromUnit = false) {
    if (!dwellingIdFromUnit && !isUuid(command.dwellingId)) throw new ValidationError('dwellingId', 'must be a UUID');
    let expected: bigint | undefined;
    if (expectedRevision !== undefined && expectedRevision !== null) {
      if (!/^-?\d{1,18}$/.test(expectedRevision)) throw new ValidationError('expectedRevision', 'must be a whole number (the revision you last read)');
      expected = BigInt(expectedRevision);
    }
    const result: CommandResult = await this.commands.execute(
      new DwellingCommandMessage(
        { ...command, dwellingId: command.dwellingId.toLowerCase() } as unknown as DwellingCommand,
        commandContext(request, `${occurredOn}T00:00:00.000Z`),
        expected,
        dwellingIdFromUnit,
      ),
    );
    // The stream is the dwelling's: its id is the one the handler used (derived when none was given).
    const dwellingId = result.streamId.slice('dwelling-'.length);
    return {
      dwellingId,
      revision: result.revision.toString(),
      position: result.position,
      changed: result.events.length > 0,
    };
  }

  @Mutation('registerDwelling')
  async registerDwelling(
    @Args('input') input: DwellingDescriptionInput & { dwellingId?: string | null; registeredOn: string },
    @Context('request') request: RequestContext,
  ) {
    // Without an id, the handler derives it from the unit (as the opening-balance import does), so a request sent again lands on the same dwelling.
    const result = await this.run(
      { type: 'RegisterDwelling', dwellingId: input.dwellingId ?? '', ...toDescription(input), registeredOn: input.registeredOn },
      request,
      input.registeredOn,
      null,
      input.dwellingId === undefined || input.dwellingId === null,
    );
    return { dwellingId: result.dwellingId, revision: result.revision, position: result.position };
  }

  @Mutation('acquireDwelling')
  acquireDwelling(
    @Args('input')
    input: {
      dwellingId?: string | null;
      description: DwellingDescriptionInput;
      method: string;
      acquiredOn: string;
      price?: number | null;
      monthlyRent?: number | null;
      financing?: { rentalHousingGrant?: GrantInput | null; husbankenLoan: number; ownFunds: number } | null;
    },
    @Context('request') request: RequestContext,
  ) {
    const method = fromGraphqlEnum<'purchase' | 'new-build' | 'lease-in' | 'transfer'>(input.method);
    if (method === 'lease-in' && (input.price != null || input.financing != null)) {
      throw new ValidationError(input.price != null ? 'input.price' : 'input.financing', 'is not used for a lease-in; give monthlyRent');
    }
    if (method !== 'lease-in' && input.monthlyRent != null) throw new ValidationError('input.monthlyRent', 'is only used for a lease-in');
    const acquisition =
      method === 'lease-in'
        ? { method, monthlyRent: input.monthlyRent }
        : {
            method,
            price: input.price,
            financing: {
              rentalHousingGrant: input.financing?.rentalHousingGrant ? grant(input.financing.rentalHousingGrant) : null,
              husbankenLoan: input.financing?.husbankenLoan ?? 0,
              ownFunds: input.financing?.ownFunds ?? 0,
            },
          };
    return this.run(
      { type: 'AcquireDwelling', dwellingId: input.dwellingId ?? '', ...toDescription(input.description), acquiredOn: input.acquiredOn, acquisition },
      request,
      input.acquiredOn,
      null,
      input.dwellingId === undefined || input.dwellingId === null,
    );
  }

  @Mutation('recordRentalHousingGrant')
  recordRentalHousingGrant(
    @Args('dwellingId') dwellingId: string,
    @Args('grant') input: GrantInput,
    @Args('expectedRevision') expectedRevision: string | null,
    @Context('request') request: RequestContext,
  ) {
    return this.run({ type: 'RecordRentalHousingGrant', dwellingId, grant: grant(input) }, request, input.grantDate, expectedRevision);
  }

  @Mutation('recordConditionAssessment')
  recordConditionAssessment(
    @Args() args: { dwellingId: string; grade: string; buildingPart: string; assessor: string; assessedOn: string; reportReference: string; expectedRevision?: string | null },
    @Context('request') request: RequestContext,
  ) {
    const { expectedRevision, ...rest } = args;
    return this.run({ type: 'RecordConditionAssessment', ...rest }, request, args.assessedOn, expectedRevision);
  }

  @Mutation('startRenovation')
  startRenovation(
    @Args() args: { dwellingId: string; startedOn: string; scope: string; expectedCompletionOn?: string | null; expectedRevision?: string | null },
    @Context('request') request: RequestContext,
  ) {
    const { expectedRevision, ...rest } = args;
    return this.run({ type: 'StartRenovation', ...rest, expectedCompletionOn: args.expectedCompletionOn ?? null }, request, args.startedOn, expectedRevision);
  }

  @Mutation('completeRenovation')
  completeRenovation(
    @Args() args: { dwellingId: string; completedOn: string; expectedRevision?: string | null },
    @Context('request') request: RequestContext,
  ) {
    return this.run({ type: 'CompleteRenovation', dwellingId: args.dwellingId, completedOn: args.completedOn }, request, args.completedOn, args.expectedRevision);
  }

  @Mutation('markDwellingForDisposal')
  markForDisposal(
    @Args() args: { dwellingId: string; markedOn: string; reason: string; note?: string | null; expectedRevision?: string | null },
    @Context('request') request: RequestContext,
  ) {
    return this.run(
      { type: 'MarkForDisposal', dwellingId: args.dwellingId, markedOn: args.markedOn, reason: fromGraphqlEnum(args.reason), note: args.note ?? null },
      request,
      args.markedOn,
      args.expectedRevision,
    );
  }

  @Mutation('cancelDwellingDisposal')
  cancelDisposal(
    @Args() args: { dwellingId: string; cancelledOn: string; reason: string; expectedRevision?: string | null },
    @Context('request') request: RequestContext,
  ) {
    return this.run({ type: 'CancelDisposal', dwellingId: args.dwellingId, cancelledOn: args.cancelledOn, reason: args.reason }, request, args.cancelledOn, args.expectedRevision);
  }

  @Mutation('sellDwelling')
  sellDwelling(
    @Args()
    args: {
      dwellingId: string;
      soldOn: string;
      price: number;
      buyer: string;
      grantSettlement?: { kind: string; amount?: number | null; overrideJustification?: string | null; consentReference?: string | null; consentDate?: string | null } | null;
      expectedRevision?: string | null;
    },
    @Context('request') request: RequestContext,
  ) {
    const s = args.grantSettlement;
    const grantSettlement = !s
      ? null
      : s.kind === 'REPAYMENT'
        ? { kind: 'repayment', amount: s.amount ?? null, overrideJustification: s.overrideJustification ?? null }
        : { kind: 'husbanken-consent', consentReference: s.consentReference ?? '', consentDate: s.consentDate ?? '' };
    return this.run(
      { type: 'SellDwelling', dwellingId: args.dwellingId, soldOn: args.soldOn, price: args.price, buyer: fromGraphqlEnum(args.buyer), grantSettlement },
      request,
      args.soldOn,
      args.expectedRevision,
    );
  }

  @Mutation('endLeaseIn')
  endLeaseIn(@Args() args: { dwellingId: string; endedOn: string; expectedRevision?: string | null }, @Context('request') request: RequestContext) {
    return this.run({ type: 'EndLeaseIn', dwellingId: args.dwellingId, endedOn: args.endedOn }, request, args.endedOn, args.expectedRevision);
  }

  @Mutation('correctDwellingDetails')
  correctDwellingDetails(
    @Args() args: { dwellingId: string; correctedOn: string; changes: Partial<DwellingDescriptionInput>; reason: string; expectedRevision?: string | null },
    @Context('request') request: RequestContext,
  ) {
    return this.run(
      { type: 'UpdateDwellingDetails', dwellingId: args.dwellingId, correctedOn: args.correctedOn, changes: toCorrections(args.changes), reason: args.reason },
      request,
      args.correctedOn,
      args.expectedRevision,
    );
  }
}

function grant(input: GrantInput) {
  return { amount: input.amount, grantDate: input.grantDate, writeDownYears: input.writeDownYears ?? 30 };
}
