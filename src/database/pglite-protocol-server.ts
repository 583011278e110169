import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/**
 * Serves one PGlite database to many `pg` connections on a loopback port.
 *
 * PGlite is a single backend, so connections must take turns. The turn is a whole protocol
 * exchange, not a single message: an extended-protocol query (Parse, Bind, Execute, ... up to Sync)
 * of one connection must never interleave with another's, or the unnamed statement of one is
 * replaced by the other's ("unnamed prepared statement does not exist"). A connection inside a
 * transaction keeps its turn until the transaction ends. (pglite-socket's own server interleaves
 * messages of concurrent queries outside transactions, which breaks parameterised queries.)
 */
export class PGliteProtocolServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private owner: Connection | undefined;
  private readonly waiting: Array<{ connection: Connection; grant: () => void }> = [];

  constructor(private readonly db: PGlite) {}

  async listen(host = '127.0.0.1', port = 0): Promise<number> {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('embedded PostgreSQL: no TCP address');
    return address.port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    const connection = new Connection(socket);
    let chain = Promise.resolve();
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const message = nextMessage(buffer, started);
        if (!message) break;
        buffer = buffer.subarray(message.length);
        const bytes = message.bytes;
        chain = chain.then(async () => {
          if (connection.closed) return;
          if (!message.typed) {
            const code = bytes.readInt32BE(4);
            if (code === SSL_REQUEST) return void socket.write('N');
            if (code === CANCEL_REQUEST) return;
            if (code === PROTOCOL_3) started = true;
          }
          await this.run(connection, bytes, message.typed ? String.fromCharCode(bytes[0]!) : 'startup');
        });
        chain.catch(() => socket.destroy());
      }
    });
    const closed = () => {
      if (connection.closed) return;
      connection.closed = true;
      this.sockets.delete(socket);
      chain = chain.then(() => this.abandon(connection));
    };
    socket.on('close', closed);
    socket.on('error', closed);
  }

  private async run(connection: Connection, message: Buffer, type: string): Promise<void> {
    if (this.owner !== connection) await this.acquire(connection);
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(new Uint8Array(message), {
        onRawData: (data: Uint8Array) => {
          if (!connection.closed && data.length > 0) connection.socket.write(Buffer.from(data));
        },
      }),
    );
    // The exchange ends with Sync or a simple Query; the turn passes on unless a transaction is open.
    const endsExchange = type === 'S' || type === 'Q' || type === 'startup' || type === 'X';
    if (endsExchange && (!this.db.isInTransaction() || type === 'X')) this.release(connection);
  }

  private async abandon(connection: Connection): Promise<void> {
    if (this.owner === connection) {
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
      this.release(connection);
    } else {
      const index = this.waiting.findIndex((w) => w.connection === connection);
      if (index >= 0) this.waiting.splice(index, 1);
    }
  }

  private acquire(connection: Connection): Promise<void> {
    if (!this.owner) {
      this.owner = connection;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ connection, grant }));
  }

  private release(connection: Connection): void {
    if (this.owner !== connection) return;
    const next = this.waiting.shift();
    this.owner = next?.connection;
    next?.grant();
  }
}

class Connection {
  closed = false;
  constructor(readonly socket: Socket) {}
}

/** Splits the next complete protocol message off the buffer (startup-phase messages have no type byte). */
function nextMessage(buffer: Buffer, started: boolean): { bytes: Buffer; length: number; typed: boolean } | undefined {
  if (!started) {
    if (buffer.length < 8) return undefined;
    const length = buffer.readInt32BE(0);
    const code = buffer.readInt32BE(4);
    if (code === SSL_REQUEST || code === CANCEL_REQUEST || code === PROTOCOL_3) {
      if (buffer.length < length) return undefined;
      return { bytes: buffer.subarray(0, length), length, typed: false };
    }
  }
  if (buffer.length < 5) return undefined;
  const length = buffer.readInt32BE(1) + 1;
  if (buffer.length < length) return undefined;
  return { bytes: buffer.subarray(0, length), length, typed: true };
}
