import type { Application, ApplicationStatus } from '../applications/application/application.state.js';

/**
 * What an allocation needs to know of the application, read by the handler from the Application
 * aggregate just before deciding. Facts only: no personal data.
 *
 * The dates bound the offer's dates (offer.decider.ts): the meeting and the offer not before the
 * approval, nor before the start of a renewed approval (`validFrom`); the offer not before the
 * household's last return to the list (null: none yet).
 */
export type ApplicationSnapshot = Pick<Application, 'applicationId' | 'household' | 'needs' | 'categories' | 'approvedOn' | 'validFrom' | 'returnedToListOn'> & {
  status: ApplicationStatus | 'none';
};
