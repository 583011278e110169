import { jest } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config.js';
import { loadOrCreateDevelopmentKey, signDevelopmentToken } from './development-key.js';
import { TokenVerifier } from './token-verifier.js';

describe('token verifier: a token verified once is trusted again only while it has not expired', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'boligbok-verifier-'));
  });
  afterAll(async () => {
    jest.useRealTimers();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the same token the same way, and refuses it once expired (30 s tolerance) even though it was verified before', async () => {
    const { auth } = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'development' });
    const verifier = new TokenVerifier(auth, dataDir);
    const token = await signDevelopmentToken(await loadOrCreateDevelopmentKey(dataDir), {
      subject: 'saksbehandler-1',
      role: 'caseworker',
      issuer: auth.issuer,
      audience: auth.audience,
      roleClaim: auth.roleClaim,
      expiresIn: '10s',
    });
    const identity = { subject: 'saksbehandler-1', role: 'caseworker' };
    expect(await verifier.verify(token)).toEqual(identity);
    expect(await verifier.verify(token)).toEqual(identity);

    jest.useFakeTimers({ now: Date.now() + 25_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    expect(await verifier.verify(token)).toEqual(identity); // expired 15 s ago: within the tolerance
    jest.setSystemTime(Date.now() + 20_000);
    await expect(verifier.verify(token)).rejects.toThrow('the token has expired');
  });
});
