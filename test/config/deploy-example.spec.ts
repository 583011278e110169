import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.js';

/** The production example is what operators copy: the service must start on it as it stands. */
describe('deploy/production.env.example', () => {
  it('is a complete production configuration', async () => {
    const text = await readFile(join(process.cwd(), 'deploy', 'production.env.example'), 'utf8');
    const env = Object.fromEntries(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(env.NODE_ENV).toBe('production');
    const config = loadConfig(env);
    expect(config.nodeEnv).toBe('production');
    expect(config.auth.jwksUrl).toBeDefined();
  });
});
