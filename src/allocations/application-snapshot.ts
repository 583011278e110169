import type { Application, ApplicationStatus } from '../applications/application/application.state.js';

/**
 * What an allocation needs to know of the application, read by the handler from the Application
 * aggregate just before deciding. Facts only: no personal data.
 */
export type ApplicationSnapshot = Pick<Application, 'applicationId' | 'household' | 'needs' | 'categories'> & {
  status: ApplicationStatus | 'none';
};
