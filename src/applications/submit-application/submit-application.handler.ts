import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandResult } from '../../command-handling/command-executor.js';
import { PersonalDataVault } from '../../personal-data/personal-data-vault.js';
import { Runtime } from '../../runtime/runtime.js';
import { DomainError, ValidationError } from '../../shared-kernel/domain-error.js';
import { isUuid } from '../../shared-kernel/uuid.js';
import { applicationDecider } from '../application/application.decider.js';
import type { ApplicationState } from '../application/application.state.js';
import { applicationStreamId } from '../application-stream.js';
import type { SealedPersonRecord } from '../personal-data.js';
import { LeaseStatuses } from './lease-statuses.port.js';
import { SubmitApplicationMessage } from './submit-application.message.js';

/**
 * Submits an application so that no personal data is ever recorded in clear:
 * 1. the whole command, personal data included, is decided once against the current state: every
 *    rule is checked (national ids by their check digits) and a refusal stops here, before any
 *    key is made or anything is written;
 * 2. each person's record (name, national id, contact details, free-text health details) is sealed
 *    with that person's own key in the vault, the subject being the person's pseudonymous id;
 * 3. the command is executed with the sealed records only; the event carries them as they are.
 * The statistical facts (household size, children, category flags, situation, kind, areas) stay
 * unsealed on the application, so counts remain right after a person is forgotten.
 */
@CommandHandler(SubmitApplicationMessage)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplicationMessage, CommandResult<ApplicationState>> {
  constructor(
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(Runtime) private readonly runtime: Runtime,
    @Inject(LeaseStatuses) private readonly leases: LeaseStatuses,
  ) {}

  async execute(message: SubmitApplicationMessage): Promise<CommandResult<ApplicationState>> {
    const rules = { acceptSyntheticNationalIds: this.runtime.config.applications.acceptSyntheticNationalIds };
    const command = { ...message.payload, personalDataRules: rules, sealedPersonalData: null };
    const streamId = applicationStreamId(command.applicationId);
    const { state } = await this.executor.load(applicationDecider, streamId);
    applicationDecider.decide(command, state);
    if (state.status === 'none' && command.currentLeaseId) await this.requireActiveLease(command.currentLeaseId);
    if (state.status === 'none' && command.kind === 'new') await this.requireNoRunningLease(command.household.applicantId);
    const persons = command.personalData?.persons ?? [];
    persons.forEach((p, i) => {
      // The vault keys a person by a UUID: the pseudonymous id is what erasure later names.
      if (!isUuid(p.personId)) throw new ValidationError(`personalData.persons[${i}].personId`, 'must be a UUID (the pseudonymous person id)', 'INVALID_ID');
    });
    const sealed: SealedPersonRecord[] = [];
    for (const p of persons) {
      const record = { name: p.name.trim(), nationalId: p.nationalId, phone: p.phone?.trim() || null, email: p.email?.trim() || null, healthDetails: p.healthDetails?.trim() || null };
      sealed.push({ subjectId: p.personId, sealed: await this.vault.seal(p.personId, record) });
    }
    return this.executor.execute(applicationDecider, streamId, { ...command, personalData: null, sealedPersonalData: sealed }, message.context);
  }

  /**
   * A swap or an extension comes from a sitting tenant: the lease it names must be running. A typo
   * here would otherwise reach the reports (a move within the stock) and the transfer link of the
   * lease signed from it. Checked on a new submission only, so a repeat of one recorded goes through.
   */
  /**
   * A 'new' application is one from a household not already housed by the municipality (KOSTRA
   * counts them apart from swaps and extensions): a sitting tenant's is a swap or an extension.
   */
  private async requireNoRunningLease(applicantId: string): Promise<void> {
    const leaseId = await this.leases.activeLeaseOf(applicantId);
    if (leaseId !== null) {
      throw new DomainError(
        'APPLICANT_HAS_ACTIVE_LEASE',
        `kind: applicant ${applicantId} holds the running municipal lease ${leaseId}; a sitting tenant applies for a SWAP or an EXTENSION naming it (currentLeaseId), which are counted apart from new applications`,
        'CONFLICT',
        'kind',
      );
    }
  }

  private async requireActiveLease(leaseId: string): Promise<void> {
    if (!isUuid(leaseId)) return; // the decider has named the field already
    const status = await this.leases.statusOf(leaseId);
    if (status !== 'active') {
      throw new DomainError(
        'CURRENT_LEASE_NOT_ACTIVE',
        `currentLeaseId: lease ${leaseId} ${status === 'none' ? 'does not exist' : `is ${status}`}; a swap or an extension names the applicant's running municipal lease`,
        'CONFLICT',
        'currentLeaseId',
      );
    }
  }
}
