import type { Application, ApplicationStatus } from '../applications/application/application.state.js';

/**
 * What an allocation needs to know of the application, read by the handler from the Application
 * aggregate just before deciding. Facts only: no personal data.
 *
 * The dates bound the offer's dates (offer.decider.ts): the meeting and the offer not before the
 * approval, nor before the start of a renewed approval (`validFrom`); the offer not before the
 * household's last return to the list. The handler always gives them; left out (a simulation that
 * checks the application's own MarkOffered instead), those bounds are not checked here.
 */
export type ApplicationSnapshot = Pick<Application, 'applicationId' | 'household' | 'needs' | 'categories'> & {
  status: ApplicationStatus | 'none';
  approvedOn?: string | null;
  validFrom?: string | null;
  returnedToListOn?: string | null;
};
