import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { PersonalDataVault } from '../personal-data/personal-data-vault.js';
import type { ApplicationNode } from './application-node.js';
import { ApplicationsReadModel } from './applications.read-model.js';

interface PersonRecord {
  name: string;
  nationalId: string | null;
  phone: string | null;
  email: string | null;
  healthDetails: string | null;
}

/** Fields of Application read on demand: the persons (opened from the vault) and the history. */
@Resolver('Application')
export class ApplicationFieldResolver {
  constructor(
    @Inject(ApplicationsReadModel) private readonly applications: ApplicationsReadModel,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  /** Each person's sealed record is opened with that person's key; a forgotten person opens to nothing. */
  @ResolveField('persons')
  async persons(@Parent() application: ApplicationNode) {
    const ids = [application.applicantId, ...application.memberIds];
    const sealed = application.sealedPersonalData.filter((r) => ids.includes(r.subjectId));
    const opened = await this.vault.openAll<PersonRecord>(sealed.map((r) => ({ subjectId: r.subjectId, sealed: r.sealed })));
    const bySubject = new Map(sealed.map((r, i) => [r.subjectId, opened[i] ?? null]));
    return ids.map((personId) => {
      const record = bySubject.get(personId) ?? null;
      return {
        personId,
        applicant: personId === application.applicantId,
        forgotten: bySubject.has(personId) && record === null,
        name: record?.name ?? null,
        nationalId: record?.nationalId ?? null,
        phone: record?.phone ?? null,
        email: record?.email ?? null,
        healthDetails: record?.healthDetails ?? null,
      };
    });
  }

  @ResolveField('history')
  async history(@Parent() application: ApplicationNode) {
    return (await this.applications.history(application.id)).map((h) => ({
      position: BigInt(h.position),
      eventType: h.event_type,
      on: h.occurred_on,
      actor: h.actor,
      role: h.role,
      legalBasis: typeof h.details.legalBasis === 'string' ? h.details.legalBasis : null,
      reasons: typeof h.details.reasons === 'string' ? h.details.reasons : typeof h.details.reason === 'string' ? h.details.reason : null,
      details: JSON.stringify(h.details),
    }));
  }
}
