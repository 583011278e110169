import type { CommandExecutor } from '../../command-handling/command-executor.js';
import { ValidationError } from '../../shared-kernel/domain-error.js';
import { MAX_CSV_BYTES, OpeningBalanceResolver } from './opening-balance.resolver.js';
import type { DwellingReadModel } from '../dwelling-read-model.js';

const request = { actor: 'unauthenticated', role: 'unauthenticated', correlationId: 'c-1' };

/** An executor that only counts calls: a refused request must not reach it. */
function countingExecutor(): { executor: CommandExecutor; calls: () => number } {
  let calls = 0;
  const executor = { execute: async () => { calls++; throw new Error('not expected'); } } as unknown as CommandExecutor;
  return { executor, calls: () => calls };
}

describe('importDwellings mutation', () => {
  it('refuses a CSV above 20 MB with BAD_USER_INPUT before reading it', async () => {
    const { executor, calls } = countingExecutor();
    const error = await new OpeningBalanceResolver(executor, {} as DwellingReadModel).importDwellings('x'.repeat(MAX_CSV_BYTES + 1), false, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ category: 'BAD_USER_INPUT', code: 'CSV_TOO_LARGE', field: 'csv' });
    expect(calls()).toBe(0);
  });

  it('counts the limit in bytes of UTF-8, not in characters', async () => {
    const { executor } = countingExecutor();
    const error = await new OpeningBalanceResolver(executor, {} as DwellingReadModel).importDwellings('ø'.repeat(MAX_CSV_BYTES / 2 + 1), false, request).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CSV_TOO_LARGE' });
  });
});
