import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Role } from './roles.js';

const ALGORITHM = 'ES256';
const FILE = 'dev-jwt-key.json';

/**
 * For local use on the embedded default only: a signing key kept under DATA_DIR, created on first
 * use. The service trusts it when no AUTH_JWKS_URL is configured and it is not in production mode
 * (config.ts refuses production without a JWKS URL); `boligbok token` mints tokens with it.
 */
export interface DevelopmentKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export function developmentKeyPath(dataDir: string): string {
  return join(dataDir, FILE);
}

export async function loadOrCreateDevelopmentKey(dataDir: string): Promise<DevelopmentKey> {
  const path = developmentKeyPath(dataDir);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as DevelopmentKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const key: DevelopmentKey = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALGORITHM },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' },
  };
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': when two processes start at once, the first file wins and the second reads it.
    await writeFile(path, JSON.stringify(key, null, 2), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(await readFile(path, 'utf8')) as DevelopmentKey;
  }
  return key;
}

export interface TokenRequest {
  subject: string;
  role: Role;
  issuer: string;
  audience: string;
  roleClaim: string;
  /** Lifetime, e.g. '8h' (jose time span). */
  expiresIn: string;
}

export async function signDevelopmentToken(key: DevelopmentKey, request: TokenRequest): Promise<string> {
  const privateKey = await importJWK(key.privateJwk, ALGORITHM);
  return new SignJWT({ [request.roleClaim]: request.role })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn)
    .sign(privateKey);
}
