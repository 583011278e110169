import { Writable } from 'node:stream';
import { createLogger } from './logger.js';
import { requestScope } from './request-scope.js';

function capture() {
  const lines: any[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('structured logs', () => {
  it('carry the correlation id of the request they were written in', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    requestScope.run({ correlationId: 'req-42' }, () => logger.info({ projection: 'dwellings' }, 'inside a request'));
    logger.info('outside any request');
    expect(lines[0]).toMatchObject({ msg: 'inside a request', correlationId: 'req-42', projection: 'dwellings', service: 'boligbok' });
    expect(lines[1].correlationId).toBeUndefined();
  });

  it('never print a national id or a name, even when a caller passes one by mistake', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ applicant: { nationalId: '01017012345', name: 'Kari Nordmann' } }, 'oops');
    expect(JSON.stringify(lines[0])).not.toMatch(/01017012345|Kari/);
  });
});

describe('personal data never reaches a log line', () => {
  const NATIONAL_ID = validNationalId();

  function validNationalId(): string {
    // 15 May 1985, individual number 123, check digits computed (mod 11).
    const base = [1, 5, 0, 5, 8, 5, 1, 2, 3];
    const k1 = (11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * base[i]!, 0) % 11)) % 11;
    const k2 = (11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * [...base, k1][i]!, 0) % 11)) % 11;
    return [...base, k1, k2].join('');
  }

  it('censors personal keys nested at any depth, in arrays too', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info(
      { command: { payload: { household: { applicant: { fullName: 'Kari Nordmann', phone: '+47 99887766' } } } }, persons: [{ name: 'Ola Nordmann' }], list: [{ email: 'kari@example.no' }] },
      'nested',
    );
    expect(JSON.stringify(lines[0])).not.toMatch(/Kari|Ola|99887766|example\.no/);
  });

  it('replaces a valid national id in the message, in string values and in errors', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info(`lookup of ${NATIONAL_ID} failed`);
    logger.error({ err: new Error(`duplicate key (national_id)=(${NATIONAL_ID.slice(0, 6)} ${NATIONAL_ID.slice(6)})`), detail: `row ${NATIONAL_ID}` }, 'db error');
    const text = JSON.stringify(lines);
    expect(text).not.toContain(NATIONAL_ID);
    expect(text).not.toContain(NATIONAL_ID.slice(6));
    expect(lines[0].msg).toBe('lookup of [national-id] failed');
  });

  it('leaves other 11-digit numbers alone (log positions, amounts)', () => {
    const { lines, stream } = capture();
    createLogger('info', stream).info({ position: '12345678901' }, 'at 99999999999');
    expect(lines[0]).toMatchObject({ position: '12345678901', msg: 'at 99999999999' });
  });
});
