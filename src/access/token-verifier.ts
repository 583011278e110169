import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../config/config.js';
import type { Identity } from './identity.js';
import { developmentKeyPath, loadOrCreateDevelopmentKey } from './development-key.js';
import { isRole, ROLES } from './roles.js';

/** A token that cannot be trusted; the message says why without echoing the token. */
export class AuthenticationError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

// Asymmetric algorithms only: a shared-secret (HS*) token could be forged by anyone holding the secret.
const CLOCK_TOLERANCE_S = 30;
/** How long a verified token is trusted without checking its signature again, and how many are kept. */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS_KEPT = 10_000;

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Verifies bearer JWTs: signature from the issuer's key set, issuer, audience, expiry, and one Boligbok role. */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  /** Where the keys come from, for the start-up log line. */
  readonly keySource: string;
  private developmentKeys: Promise<JWTVerifyGetKey> | undefined;
  /** Tokens verified lately, oldest first (see `verify`). */
  private readonly verified = new Map<string, { identity: Identity; usableUntil: number }>();
  /** Tokens that have verified once, until they expire (with the tolerance), oldest first: see `verifiedBefore`. */
  private readonly seenValid = new Map<string, number>();

  constructor(
    private readonly auth: AuthConfig,
    private readonly dataDir: string,
  ) {
    if (auth.jwksUrl) {
      this.keys = createRemoteJWKSet(new URL(auth.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 600_000 });
      this.keySource = auth.jwksUrl;
    } else {
      this.keys = async (header, token) => (await this.prepare())(header, token);
      this.keySource = `development key ${developmentKeyPath(dataDir)}`;
    }
  }

  /** Loads (or creates) the development key when there is no JWKS URL; the service calls it at start. */
  prepare(): Promise<JWTVerifyGetKey> {
    if (this.auth.jwksUrl) return Promise.resolve(this.keys);
    this.developmentKeys ??= loadOrCreateDevelopmentKey(this.dataDir).then((key) => createLocalJWKSet({ keys: [key.publicJwk] }));
    return this.developmentKeys;
  }

  /** The identity of a token verified lately and still usable, without checking anything (no CPU). */
  verifiedEarlier(token: string): Identity | undefined {
    const known = this.verified.get(token);
    return known && Date.now() < known.usableUntil ? known.identity : undefined;
  }

  /**
   * Whether this token has verified before and has not expired since: a token in use, not a guess
   * (nobody can make one verify without the issuer's key). It still has to verify again.
   */
  verifiedBefore(token: string): boolean {
    const until = this.seenValid.get(token);
    return until !== undefined && Date.now() < until;
  }

  /**
   * Verifies the token, or answers from a token verified earlier (the same bytes verify the same
   * way): a client sends the same token with every request, and an ECDSA or RSA signature check per
   * request is a large share of a small query's CPU. An entry is used only while the token has not
   * expired (with the same clock tolerance) and for at most VERIFIED_TOKEN_TTL_MS, so a key the
   * identity provider withdraws stops being trusted within that time.
   */
  async verify(token: string): Promise<Identity> {
    const now = Date.now();
    const known = this.verified.get(token);
    if (known && now < known.usableUntil) return known.identity;
    if (known) this.verified.delete(token);
    const { identity, expiresAt } = await this.verifySignatureAndClaims(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { identity, usableUntil: Math.min(now + VERIFIED_TOKEN_TTL_MS, (expiresAt + CLOCK_TOLERANCE_S) * 1000) });
    this.seenValid.delete(token);
    if (this.seenValid.size >= VERIFIED_TOKENS_KEPT) this.seenValid.delete(this.seenValid.keys().next().value!);
    this.seenValid.set(token, (expiresAt + CLOCK_TOLERANCE_S) * 1000);
    return identity;
  }

  private async verifySignatureAndClaims(token: string): Promise<{ identity: Identity; expiresAt: number }> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.auth.issuer,
        audience: this.auth.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_S,
      }));
    } catch (error) {
      throw new AuthenticationError(describe(error), error instanceof errors.JOSEError ? error.code : 'INVALID_TOKEN');
    }
    const claim = payload[this.auth.roleClaim];
    const roles = (Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(' ') : []).filter(isRole);
    if (roles.length !== 1) {
      throw new AuthenticationError(
        `the token's ${this.auth.roleClaim} claim must name exactly one of ${ROLES.join(', ')}`,
        'ROLE_CLAIM_INVALID',
      );
    }
    return { identity: { subject: String(payload.sub), role: roles[0]! }, expiresAt: Number(payload.exp) };
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (error instanceof errors.JWKSTimeout || (error as Error)?.name === 'TypeError') return 'the identity provider key set could not be fetched';
  return 'the token is not a valid JWT';
}
