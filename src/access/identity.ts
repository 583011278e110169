import type { Role } from './roles.js';

/** A verified caller: the token's subject (a person's or a system's id, never a name) and its role. */
export interface Identity {
  subject: string;
  role: Role;
}
