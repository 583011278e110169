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
