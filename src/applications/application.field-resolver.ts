import { Inject } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { categoriesVisibleTo } from '../access/health-categories.js';
import type { RequestContext } from '../graphql/request-context.js';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import { Runtime } from '../runtime/runtime.js';
import type { ApplicationNode } from './application-node.js';
import { applicationDecider, approvalLapsesOn } from './application/application.decider.js';
import type { ApplicationEvent } from './application/application.events.js';
import type { ApplicationState } from './application/application.state.js';
import { applicationStreamId } from './application-stream.js';
import { ApplicationsReadModel } from './applications.read-model.js';

interface PersonRecord {
  name: string;
  nationalId: string | null;
  phone: string | null;
  email: string | null;
  healthDetails: string | null;
}

/** A person of the household as the API holds it before any personal field is asked for: the pseudonymous id and the sealed record. */
interface PersonNode {
  personId: string;
  applicant: boolean;
  sealed: string | null;
  /** Opened once per person and request, on the first personal field asked for. */
  opened?: Promise<PersonRecord | null>;
}

/** Fields of Application read on demand: the persons, the history and the day the approval lapses. */
@Resolver('Application')
export class ApplicationFieldResolver {
  constructor(
    @Inject(ApplicationsReadModel) private readonly applications: ApplicationsReadModel,
    @Inject(Runtime) private readonly runtime: Runtime,
  ) {}

  /**
   * approvalLapsesOn (application.decider.ts) on the application as the row shows it: its stream
   * replayed up to the row's revision, so the rule is the decider's own and a row read `asOf` an
   * earlier instant gets the day known then.
   */
  @ResolveField('approvalLapsesOn')
  async approvalLapsesOn(@Parent() application: ApplicationNode): Promise<string | null> {
    if (application.status !== 'APPROVED' || !application.validFrom) return null;
    const upTo = BigInt(application.revision);
    let state: ApplicationState = applicationDecider.initialState;
    for await (const event of this.runtime.store.readStream(applicationStreamId(application.id))) {
      if (event.revision > upTo) break;
      state = applicationDecider.evolve(state, { type: event.type, data: event.data } as ApplicationEvent);
    }
    return approvalLapsesOn(state, this.runtime.config.applications.approvalValidityMonths);
  }

  /** The persons by pseudonymous id; nothing is opened here (see ApplicationPersonFieldResolver). */
  @ResolveField('persons')
  persons(@Parent() application: ApplicationNode): PersonNode[] {
    const sealed = new Map(application.sealedPersonalData.map((r) => [r.subjectId, r.sealed]));
    return [application.applicantId, ...application.memberIds].map((personId) => ({
      personId,
      applicant: personId === application.applicantId,
      sealed: sealed.get(personId) ?? null,
    }));
  }

  /** The health-related categories only for the roles that see personal data (health-categories.ts). */
  @ResolveField('categories')
  categories(@Parent() application: ApplicationNode, @Context('request') request: RequestContext) {
    return categoriesVisibleTo(request.role, application.categories);
  }

  @ResolveField('history')
  async history(@Parent() application: ApplicationNode, @Context('request') request: RequestContext) {
    return (await this.applications.history(application.id)).map((h) => ({
      position: BigInt(h.position),
      eventType: h.event_type,
      on: h.occurred_on,
      actor: h.actor,
      role: h.role,
      legalBasis: typeof h.details.legalBasis === 'string' ? h.details.legalBasis : null,
      reasons: typeof h.details.reasons === 'string' ? h.details.reasons : typeof h.details.reason === 'string' ? h.details.reason : null,
      details: JSON.stringify(Array.isArray(h.details.categories) ? { ...h.details, categories: categoriesVisibleTo(request.role, h.details.categories as string[]) } : h.details),
    }));
  }
}

/**
 * The personal fields of a person, each opened from the vault with the person's own key only when
 * it is asked for. The access layer (@personalData) decides first whether the caller's role may
 * read it, and records the read; for other roles these resolvers never run.
 */
@Resolver('ApplicationPerson')
export class ApplicationPersonFieldResolver {
  constructor(@Inject(PersonalDataVault) private readonly vault: PersonalDataVault) {}

  private record(person: PersonNode): Promise<PersonRecord | null> {
    if (!person.sealed) return Promise.resolve(null);
    person.opened ??= this.vault.open<PersonRecord>(person.personId, person.sealed);
    return person.opened;
  }

  /** Forgotten: the person's key is destroyed, so the sealed record can no longer be opened. Not itself personal data. */
  @ResolveField('forgotten')
  forgotten(@Parent() person: PersonNode) {
    return person.sealed ? this.vault.isForgotten(person.personId) : false;
  }

  @ResolveField('name')
  async name(@Parent() person: PersonNode) {
    return (await this.record(person))?.name ?? null;
  }

  @ResolveField('nationalId')
  async nationalId(@Parent() person: PersonNode) {
    return (await this.record(person))?.nationalId ?? null;
  }

  @ResolveField('phone')
  async phone(@Parent() person: PersonNode) {
    return (await this.record(person))?.phone ?? null;
  }

  @ResolveField('email')
  async email(@Parent() person: PersonNode) {
    return (await this.record(person))?.email ?? null;
  }

  @ResolveField('healthDetails')
  async healthDetails(@Parent() person: PersonNode) {
    return (await this.record(person))?.healthDetails ?? null;
  }
}
