import type { Command } from 'commander';
import { loadOrCreateDevelopmentKey, signDevelopmentToken } from '../access/development-key.js';
import { isRole, ROLES } from '../access/roles.js';
import { ConfigError, loadConfig, type Config } from '../config/config.js';

export interface TokenOptions {
  role: string;
  sub?: string;
  expiresIn?: string;
}

/** Mints a development token, or explains why not; returns the exit code. */
export async function mintDevelopmentToken(config: Config, options: TokenOptions, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  if (config.nodeEnv === 'production') {
    err('error: boligbok token is for local development only; in production, tokens come from the identity provider (AUTH_JWKS_URL)');
    return 1;
  }
  if (config.auth.jwksUrl) {
    err(`error: AUTH_JWKS_URL is set, so the service trusts ${config.auth.jwksUrl}, not the development key; get a token from that identity provider`);
    return 1;
  }
  if (!isRole(options.role)) {
    err(`error: --role must be one of ${ROLES.join(', ')} (got '${options.role}')`);
    return 1;
  }
  const subject = options.sub ?? `dev-${options.role}`;
  if (!/^[\w.@:-]{1,200}$/.test(subject)) {
    err('error: --sub must be 1–200 letters, digits or . _ @ : - (an id, not a name)');
    return 1;
  }
  const expiresIn = options.expiresIn ?? '8h';
  if (!/^\d{1,6}\s?(s|m|h|d)$/.test(expiresIn)) {
    err("error: --expires-in must be a number and a unit s, m, h or d, e.g. '8h'");
    return 1;
  }
  const key = await loadOrCreateDevelopmentKey(config.dataDir);
  out(await signDevelopmentToken(key, { subject, role: options.role, issuer: config.auth.issuer, audience: config.auth.audience, roleClaim: config.auth.roleClaim, expiresIn }));
  return 0;
}

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('print a development access token signed with the key under DATA_DIR (refused in production)')
    .requiredOption('--role <role>', `the role: ${ROLES.join(', ')}`)
    .option('--sub <id>', "the token's subject (default dev-<role>)")
    .option('--expires-in <span>', 'lifetime, e.g. 30m, 8h, 7d', '8h')
    .addHelpText('after', '\nUse it as: curl -H "Authorization: Bearer $(npx boligbok token --role caseworker)" …')
    .action(async (options: TokenOptions) => {
      let config: Config;
      try {
        config = loadConfig();
      } catch (error) {
        console.error(error instanceof ConfigError ? error.message : String(error));
        process.exitCode = 78;
        return;
      }
      process.exitCode = await mintDevelopmentToken(config, options, (l) => console.log(l), (l) => console.error(l));
    });
}
