import type { HouseholdTenancyEvent } from '../../../leases/household-tenancy/household-tenancy.events.js';
import type { LeaseEventType } from '../../../leases/lease/lease.events.js';
import type { EventLabel } from '../event-label-registry.js';

/** Leases (leiekontrakter). */
export const leaseEventLabels: Record<LeaseEventType, EventLabel> = {
  LeaseSigned: { nb: 'Leiekontrakt inngått', en: 'Lease signed' },
  RentAdjusted: { nb: 'Husleie regulert', en: 'Rent adjusted' },
  LeaseRenewed: { nb: 'Leiekontrakt fornyet', en: 'Lease renewed' },
  LeaseNoticeGiven: { nb: 'Oppsigelse gitt', en: 'Notice given' },
  LeaseEnded: { nb: 'Leieforhold avsluttet', en: 'Lease ended' },
  LeaseSigningAbandoned: { nb: 'Avbrutt kontraktsinngåelse oppgitt', en: 'Unfinished signing abandoned' },
};

/** A household's tenancy (one lease at a time). */
export const householdTenancyEventLabels: Record<HouseholdTenancyEvent['type'], EventLabel> = {
  TenancyStarted: { nb: 'Husstanden flyttet inn', en: 'Tenancy started' },
  TenancyEnded: { nb: 'Husstanden flyttet ut', en: 'Tenancy ended' },
};
