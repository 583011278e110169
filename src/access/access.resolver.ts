import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { connection, pageRequest } from '../graphql/connection.js';
import type { RequestContext } from '../graphql/request-context.js';
import { Runtime } from '../runtime/runtime.js';
import { ValidationError } from '../shared-kernel/domain-error.js';
import { isUuid } from '../shared-kernel/uuid.js';
import { EraseDataSubjectHandler } from '../personal-data/erase-data-subject/erase-data-subject.handler.js';
import { accessServices } from './access-services.js';

/** The caller's identity, the personal-data read log (auditors) and erasure of a data subject (admin). */
@Resolver()
export class AccessResolver {
  constructor(
    @Inject(Runtime) private readonly runtime: Runtime,
    @Inject(EraseDataSubjectHandler) private readonly erase: EraseDataSubjectHandler,
  ) {}

  @Query('whoAmI')
  whoAmI(@Context('request') request: RequestContext) {
    return { subject: request.actor, role: request.role };
  }

  @Query('personalDataReads')
  async personalDataReads(
    @Args('subjectId') subjectId: string | null | undefined,
    @Args('actor') actor: string | null | undefined,
    @Args('first') first: number | null | undefined,
    @Args('after') after: string | null | undefined,
  ) {
    if (subjectId !== undefined && subjectId !== null && !isUuid(subjectId)) {
      throw new ValidationError('subjectId', "must be a person's pseudonymous id (a UUID)", 'INVALID_UUID');
    }
    if (actor !== undefined && actor !== null && (actor.length === 0 || actor.length > 500)) {
      throw new ValidationError('actor', 'must be 1–500 characters', 'FIELD_OUT_OF_RANGE');
    }
    const page = pageRequest(first, after, 500);
    if (page.afterKey !== undefined && !/^\d{1,19}$/.test(page.afterKey)) {
      throw new ValidationError('after', 'must be a cursor returned by an earlier page');
    }
    const log = accessServices(this.runtime).personalDataReads;
    const filter = { subjectId: subjectId?.toLowerCase() ?? undefined, actor: actor ?? undefined };
    const rows = await log.list({ ...filter, afterId: page.afterKey ? BigInt(page.afterKey) : undefined, limit: page.first + 1 });
    return connection(rows, page, (r) => r.id.toString(), await log.count(filter));
  }

  @Mutation('eraseDataSubject')
  async eraseDataSubject(
    @Args('input') input: { subjectId: string; force?: boolean | null; legalBasis?: string | null },
    @Context('request') request: RequestContext,
  ) {
    return this.erase.execute(input, { actor: request.actor, role: request.role, correlationId: request.correlationId, occurredAt: new Date().toISOString() });
  }
}
