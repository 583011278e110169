import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { RecordedEvent } from '../event-store/event-envelope.js';
import type { AllPage, EventStore } from '../event-store/event-store.port.js';
import { PostgresEventStore, headFromRow, type PageRow } from '../event-store/postgres/postgres-event-store.js';
import { SessionLocks } from '../database/session-locks.js';
import type { Logger } from '../observability/logger.js';
import type { Projection, TableNames } from './projection.js';
import { ReadModelTimeoutError } from './projection-failed.error.js';
import { tableChecksum } from './read-model-checksum.js';
import { SharedLogPages } from './shared-log-pages.js';
import { buildDeferredIndexes } from './build-deferred-indexes.js';
import { splitDdl } from './deferred-indexes.js';
import { DeferredWrites, inlineParameters } from './deferred-writes.js';

interface GenerationRow {
  name: string;
  generation: number;
  version: number;
  status: 'building' | 'live' | 'retired';
  position: string;
  events_applied: string;
  error: string | null;
  error_position: string | null;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  /** Whether this process runs the projection now (holds its lock). */
  runningHere: boolean;
  live: { generation: number; version: number; position: bigint; eventsApplied: bigint } | null;
  building: { generation: number; version: number; position: bigint; eventsApplied: bigint } | null;
  error: { message: string; position: bigint } | null;
  headPosition: bigint;
  /** Events in the log after the live checkpoint (null when the log cannot count them cheaply). */
  eventsBehind: bigint | null;
}

export interface ShadowComparison {
  projection: string;
  /** The log position both builds were compared at. */
  position: bigint;
  identical: boolean;
  tables: Array<{ table: string; liveRows: number; rebuiltRows: number; identical: boolean }>;
}

export interface ProjectionRunnerOptions {
  /** Events per batch for a live read model (small: each batch holds the read model's writes back until it commits). */
  batchSize: number;
  /** Events per batch while a generation is being built from the log (larger batches, fewer round trips). Default: batchSize × 4. */
  buildBatchSize?: number;
  pollIntervalMs: number;
  logger: Logger;
}

/** Loops that look within this many ms of each other (and after the same nudge) share one overview. */
const OVERVIEW_REUSE_MS = 25;

interface Overview {
  generations: GenerationRow[];
  /** The newest event readers can see, read after the generations. */
  head: bigint;
}

/**
 * Whether a step could do anything: a generation to create, build or switch, or a live checkpoint
 * behind the head. A failed live read model waits for a retry, which nudges the loops.
 */
function hasWork(projection: Projection, overview: Overview, scanned: Map<string, bigint>): boolean {
  const mine = overview.generations.filter((g) => g.name === projection.name);
  const live = mine.find((g) => g.status === 'live');
  if (mine.some((g) => g.status === 'building')) return true;
  if (!live || live.version !== projection.version) return true;
  return liveBehind(live, overview.head, scanned);
}

/** Whether a live generation without an error has events before `head` left to apply. */
function liveBehind(live: GenerationRow, head: bigint, scanned: Map<string, bigint>): boolean {
  // The overview may predate this loop's last batch (another loop read it): what the loop itself
  // has since scanned counts too.
  const position = BigInt(live.position);
  const known = scanned.get(`${live.name}:${live.generation}`) ?? position;
  return live.error === null && (known > position ? known : position) < head;
}

/** Whether the projection has only a live generation of its current version, without an error. */
function onlyLive(projection: Projection, generations: readonly GenerationRow[]): boolean {
  const { live, building } = pickGenerations(generations, projection.name);
  return !building && live !== undefined && live.version === projection.version && live.error === null;
}

function pickGenerations(rows: readonly GenerationRow[], name: string): { live?: GenerationRow; building?: GenerationRow } {
  return { live: rows.find((r) => r.name === name && r.status === 'live'), building: rows.find((r) => r.name === name && r.status === 'building') };
}

/** A refusal by the data itself (SQLSTATE classes 22 and 23: data exception, integrity constraint): trying again gives the same. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

/** 'full': a whole batch was applied (more may follow); 'applied': the rest of the log was. */
type BatchOutcome = 'full' | 'applied' | 'idle' | 'stale' | 'failed';
type StepOutcome = 'live-batch' | 'building' | 'idle';

/**
 * Runs projections: each reads the log from its checkpoint, applies a batch to its tables and stores
 * the checkpoint in the same transaction, so a crash never loses or repeats an event's effect.
 * A session advisory lock per projection lets only one process run it; the generation row is also
 * locked in every batch, so even two runners could never apply the same event twice.
 */
export class ProjectionRunner extends EventEmitter {
  private readonly projections = new Map<string, Projection>();
  /** The projections' session locks, on a connection of their own (taken again on a new one if it is lost). */
  private readonly locks: SessionLocks;
  private readonly loops = new Map<string, Promise<void>>();
  private stopping = false;
  private wake: (() => void) | undefined;
  /** Nudges per projection, counted, so one that arrives while a step runs is not lost. */
  private readonly wakes = new Map<string, number>();
  /** Read-your-writes waits per projection, counted: one ends a settling read model's pause. */
  private readonly demands = new Map<string, number>();
  /** The highest log position a nudge named per projection (an append's, or a read-your-writes wait's). */
  private readonly wanted = new Map<string, bigint>();
  /** Projections nudged without a position since their loop last looked: they look again a few times. */
  private readonly blindWakes = new Set<string>();
  /** Nudges of any projection: loops that look after the same nudge may share an overview. */
  private epoch = 0;
  private readonly sharedPages = new SharedLogPages({ capacity: 4 });
  private overviewCache: { epoch: number; at: number; value: Promise<Overview> } | undefined;
  /** How far each generation ("name:generation") has scanned the log, as this runner last saw it. */
  private readonly scanned = new Map<string, bigint>();
  /**
   * The live checkpoint each read model last committed in this process, with its version: a lower
   * bound of the committed one (a live checkpoint only moves forward, and a switch catches the new
   * generation up to the head first), so a read-your-writes wait it answers needs no query.
   */
  private readonly committedLive = new Map<string, { version: number; position: bigint }>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions,
  ) {
    super();
    this.setMaxListeners(0);
    this.locks = new SessionLocks(pool, { logger: options.logger, guards: 'projections', lockKey });
    for (const p of projections) {
      if (this.projections.has(p.name)) throw new Error(`projection ${p.name} is registered twice`);
      this.projections.set(p.name, p);
    }
  }

  get names(): string[] {
    return [...this.projections.keys()];
  }

  /**
   * Starts a loop per projection; a projection locked by another process is retried until that
   * process ends. A lost lock connection stops them all here until their locks are taken again.
   */
  async start(): Promise<void> {
    this.stopping = false;
    await this.locks.open();
    for (const projection of this.projections.values()) {
      this.loops.set(projection.name, this.loop(projection));
    }
  }

  /** Finishes the batch in progress, releases the locks, and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.emit('wake');
    await Promise.all(this.loops.values());
    this.loops.clear();
    this.sharedPages.clear();
    await this.locks.close();
  }

  /** Ready when every projection has a live generation (during a version rebuild the previous one serves) and none has failed. */
  async isReady(): Promise<boolean> {
    const { rows } = await this.pool.query<GenerationRow>(`SELECT * FROM projection_generations WHERE status = 'live'`);
    return [...this.projections.values()].every((p) => {
      const live = rows.find((r) => r.name === p.name);
      return live !== undefined && live.error === null;
    });
  }

  /**
   * Wakes the loops now (after a local append) instead of at the next poll: with the appended event
   * types, only the projections that read one of them (the others find nothing to apply, and every
   * loop woken costs a transaction on a busy server); their checkpoints follow at the next poll, or at
   * once when a read-your-writes wait asks for them (waitForPosition).
   */
  nudge(eventTypes?: readonly string[], position?: bigint): void {
    this.wakeOnly([...this.projections.values()].filter((p) => !eventTypes || !p.eventTypes || p.eventTypes.some((t) => eventTypes.includes(t))).map((p) => p.name), position);
  }

  /** Wakes these loops; with `position`, the log position they are woken for (see `awaitsVisible`). */
  private wakeOnly(names: readonly string[], position?: bigint): void {
    if (names.length === 0) return;
    this.epoch++;
    for (const name of names) {
      this.wakes.set(name, this.wakesOf(name) + 1);
      if (position === undefined) this.blindWakes.add(name);
      else if ((this.wanted.get(name) ?? -1n) < position) this.wanted.set(name, position);
    }
    this.emit('wake');
  }

  /**
   * Whether a nudge named a position this live read model has not scanned yet: the event is
   * committed but not visible to readers yet (an older transaction on the server still open).
   */
  private awaitsVisible(projection: Projection, generations: readonly GenerationRow[] | undefined): boolean {
    const wanted = this.wanted.get(projection.name);
    const live = generations ? pickGenerations(generations, projection.name).live : undefined;
    if (wanted === undefined || !live) return false;
    return (this.scanned.get(`${projection.name}:${live.generation}`) ?? BigInt(live.position)) < wanted;
  }

  private noteCommittedLive(name: string, version: number, position: bigint): void {
    const known = this.committedLive.get(name);
    if (!known || known.version !== version || known.position < position) this.committedLive.set(name, { version, position });
  }

  /** Whether this process has itself committed `name`'s live read model (of the registered version) at `position` or later. */
  private committedHere(name: string, position: bigint): boolean {
    const known = this.committedLive.get(name);
    return known !== undefined && known.position >= position && known.version === this.projections.get(name)?.version;
  }

  private demandsOf(name: string): number {
    return this.demands.get(name) ?? 0;
  }

  private wakesOf(name: string): number {
    return this.wakes.get(name) ?? 0;
  }

  private async loop(projection: Projection): Promise<void> {
    let sleepMs = 0;
    // Nudges counted, so one that arrives while a step runs is not lost: the loop goes round again.
    let seen = this.wakesOf(projection.name);
    let quickLooks = 0;
    /** Looks made for a named position not visible yet (see awaitsVisible). */
    let looking = 0;
    let lastOverview: Promise<Overview> | undefined;
    let lastSeen: Overview | undefined;
    while (!this.stopping) {
      if (sleepMs > 0) await this.sleep(projection.name, sleepMs, seen);
      if (this.stopping) break;
      const woken = this.wakesOf(projection.name) !== seen;
      seen = this.wakesOf(projection.name);
      const epoch = this.epoch;
      // A nudge that named its position needs no blind looks: `awaitsVisible` says whether to look again.
      if (woken) {
        quickLooks = this.blindWakes.delete(projection.name) ? 5 : 0;
        looking = 0;
      }
      try {
        if (!(await this.tryLock(projection.name))) {
          sleepMs = Math.max(this.options.pollIntervalMs, 1000);
          continue;
        }
        if (woken && quickLooks === 0 && lastSeen && onlyLive(projection, lastSeen.generations) && !this.awaitsVisible(projection, lastSeen.generations)) {
          // Every position it was woken for is applied already (a reader's wait that came while the
          // batch ran): nothing to look for, no transaction; the poll still finds others' appends.
          sleepMs = this.options.pollIntervalMs;
          continue;
        }
        let worked: StepOutcome;
        if ((woken || looking > 0) && lastSeen && onlyLive(projection, lastSeen.generations)) {
          // Nudged by an append of one of its event types, a live read model goes straight to its
          // batch (which re-reads its generation under the lock) instead of first reading the overview:
          // one round trip less before a reader sees the write.
          worked = await this.step(projection, lastSeen.generations);
        } else {
          const overview = this.overview(epoch, lastOverview);
          lastOverview = overview;
          lastSeen = await overview;
          worked = hasWork(projection, lastSeen, this.scanned) ? await this.step(projection, lastSeen.generations, lastSeen.head) : 'idle';
        }
        // A live read model that settles lets events gather (fewer, larger batches behind a burst of
        // appends); a generation being built from the log goes on at once.
        if (worked === 'live-batch' && projection.settleMs) await this.settle(projection.name, projection.settleMs);
        if (worked !== 'idle') {
          sleepMs = 0;
          looking = 0;
        } else if (this.awaitsVisible(projection, lastSeen?.generations) && 2 ** looking < this.options.pollIntervalMs) {
          // The event a nudge named is committed but not visible yet: look again at 1, 2, 4 … ms,
          // straight to the batch, until the poll interval; the transaction holding it back is short.
          sleepMs = 2 ** looking;
          looking++;
        } else if (quickLooks > 0) {
          looking = 0;
          // Woken by an append that is not visible yet (an older transaction still open): look again
          // soon, 5, 10, 20 … ms, rather than after the whole poll interval.
          sleepMs = Math.min(this.options.pollIntervalMs, 5 * 2 ** (5 - quickLooks));
          quickLooks--;
        } else {
          looking = 0;
          sleepMs = this.options.pollIntervalMs;
        }
      } catch (error) {
        this.options.logger.error({ projection: projection.name, err: error }, 'projection step failed; retrying');
        sleepMs = Math.max(this.options.pollIntervalMs, 1000);
      }
    }
  }

  /**
   * The generations and the log's head, read once for all the loops that look at the same moment
   * (same nudge, within OVERVIEW_REUSE_MS): an idle loop then costs no transaction of its own. A loop
   * never gets the same overview twice (its quick looks after a nudge must see the log anew). The
   * generations are read before the head, so a checkpoint at or past that head has truly nothing left.
   */
  private overview(epoch: number, lastUsed: Promise<Overview> | undefined): Promise<Overview> {
    const cached = this.overviewCache;
    if (cached && cached.epoch === epoch && cached.value !== lastUsed && performance.now() - cached.at < OVERVIEW_REUSE_MS) return cached.value;
    const value = (async () => {
      const generations = `SELECT * FROM projection_generations WHERE status IN ('live', 'building')`;
      if (this.store instanceof PostgresEventStore) {
        // Both in one round trip, still in that order (each statement with its own snapshot).
        const [gens, head] = (await this.pool.query(`${generations}; ${this.store.headPositionSql}`)) as unknown as [pg.QueryResult<GenerationRow>, pg.QueryResult<{ p: string | null }>];
        return { generations: gens.rows, head: headFromRow(head.rows[0]) };
      }
      const { rows } = await this.pool.query<GenerationRow>(generations);
      return { generations: rows, head: await this.store.headPosition() };
    })();
    this.overviewCache = { epoch, at: performance.now(), value };
    value.catch(() => {
      if (this.overviewCache?.value === value) this.overviewCache = undefined;
    });
    return value;
  }

  /** Until `ms` have passed, the projection is nudged, or the runner stops. */
  private sleep(name: string, ms: number, seen: number): Promise<void> {
    return this.until(ms, () => this.wakesOf(name) !== seen);
  }

  /** A settling read model's pause: until `ms` have passed, a read-your-writes wait asks for it, or the runner stops. */
  private settle(name: string, ms: number): Promise<void> {
    const seen = this.demandsOf(name);
    return this.until(ms, () => this.demandsOf(name) !== seen);
  }

  private until(ms: number, changed: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      if (changed() || this.stopping) return resolve();
      const done = () => {
        clearTimeout(timer);
        this.off('wake', onWake);
        resolve();
      };
      const onWake = () => {
        if (changed() || this.stopping) done();
      };
      const timer = setTimeout(done, ms);
      this.on('wake', onWake);
    });
  }

  private async tryLock(name: string): Promise<boolean> {
    if (this.locks.holds(name)) return true;
    const taken = await this.locks.tryLock(name);
    if (taken) this.options.logger.info({ projection: name }, 'running projection');
    return taken;
  }

  /**
   * One unit of work for one projection: 'live-batch' when a batch was applied to the live read model,
   * 'building' when a generation is being built (or was just created or switched in), 'idle' when nothing happened.
   */
  async step(projection: Projection, known?: readonly GenerationRow[], head?: bigint): Promise<StepOutcome> {
    // The loop's overview, read after the nudge, saves a round trip; every batch and switch reads
    // its generation's row again under the lock, so an outdated one costs a step, never an event.
    const { live, building: current } = known ? pickGenerations(known, projection.name) : await this.generations(projection.name);
    let building = current;
    if (building && building.version !== projection.version) {
      // Left by an older release of this projection: its tables have the old shape.
      await this.pool.query(`UPDATE projection_generations SET status = 'retired' WHERE name = $1 AND generation = $2`, [
        projection.name,
        building.generation,
      ]);
      await this.dropGeneration(projection, building.generation);
      building = undefined;
    }
    if (!building && (!live || live.version !== projection.version)) {
      await this.createGeneration(projection);
      return 'building';
    }
    let worked: StepOutcome = 'idle';
    // Beside a generation being built, the live one is looked at only when the overview's head is
    // past it: one transaction a build batch saved (a rebuild of 9 read models made 612 that found nothing).
    const liveHasWork = !building || head === undefined || (live !== undefined && liveBehind(live, head, this.scanned));
    if (live && live.version === projection.version && live.error === null && liveHasWork) {
      const outcome = await this.processBatch(projection, live, this.options.batchSize);
      worked = outcome === 'full' || outcome === 'applied' ? 'live-batch' : 'idle';
    }
    if (building && building.error === null) {
      const size = this.buildBatchSize;
      const outcome = await this.processBatch(projection, building, size);
      // Switch when caught up, or nearly: the switch transaction applies the rest itself, so a
      // steady stream of new events cannot keep a rebuild from ever going live.
      const switching = outcome === 'idle' || outcome === 'applied' || (outcome === 'full' && (await this.nearHead(projection, building.generation, size)));
      // Stopped at a failing event, found the generation changed, or about to switch (which reads
      // the rest of the log itself): it takes no more shared pages, so the other builds need not wait for it.
      if (outcome !== 'full' || switching) this.sharedPages.leave(projection.name);
      if (switching) await this.switchToBuilt(projection, building.generation);
      worked = 'building';
    }
    return worked;
  }

  private get buildBatchSize(): number {
    return this.options.buildBatchSize ?? this.options.batchSize * 4;
  }

  /** Whether less than one more batch of the log lies after the generation's checkpoint. */
  private async nearHead(projection: Projection, generation: number, batchSize: number): Promise<boolean> {
    const { rows } = await this.pool.query<{ position: string }>(
      'SELECT position::text FROM projection_generations WHERE name = $1 AND generation = $2',
      [projection.name, generation],
    );
    if (!rows[0]) return false;
    if (this.store instanceof PostgresEventStore) {
      // Counts log positions (filtered or not) without reading the events: an index walk.
      const { rows: ahead } = await this.pool.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE position > $1 ORDER BY position LIMIT $2) a',
        [rows[0].position, batchSize],
      );
      return ahead[0]!.n < batchSize;
    }
    const page = await this.store.readAllPage(BigInt(rows[0].position), batchSize, { eventTypes: projection.eventTypes });
    return page.events.length < batchSize;
  }

  private async generations(name: string): Promise<{ live?: GenerationRow; building?: GenerationRow }> {
    const { rows } = await this.pool.query<GenerationRow>(
      `SELECT * FROM projection_generations WHERE name = $1 AND status IN ('live', 'building')`,
      [name],
    );
    return pickGenerations(rows, name);
  }

  /** A new generation's tables, empty, beside the live ones; built from position 0. */
  async createGeneration(projection: Projection): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))', [`:projection-ddl:${projection.name}`]);
      const existing = await client.query<{ generation: number }>(
        `SELECT generation FROM projection_generations WHERE name = $1 AND status = 'building'`,
        [projection.name],
      );
      if (existing.rows.length > 0) {
        await client.query('ROLLBACK');
        return existing.rows[0]!.generation;
      }
      const { rows } = await client.query<{ g: number }>(
        `SELECT coalesce(max(generation), 0) + 1 AS g FROM projection_generations WHERE name = $1`,
        [projection.name],
      );
      const generation = rows[0]!.g;
      const names = tableNames(projection, generation);
      const deferred: string[] = [];
      for (const [logical, ddl] of Object.entries(projection.tables) as Array<[string, Projection['tables'][string]]>) {
        await client.query(`DROP TABLE IF EXISTS ${names[logical]} CASCADE`);
        const split = splitDdl(ddl(names[logical]!, names));
        for (const statement of split.now) await client.query(statement);
        deferred.push(...split.deferred);
      }
      await client.query(
        `INSERT INTO projection_generations (name, generation, version, status, deferred_indexes) VALUES ($1, $2, $3, 'building', $4)`,
        [projection.name, generation, projection.version, deferred],
      );
      await client.query('COMMIT');
      this.options.logger.info({ projection: projection.name, generation, version: projection.version }, 'building projection generation');
      return generation;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Applies the next batch in one transaction with the checkpoint. The generation is locked (a
   * transaction advisory lock, which takes no transaction id: an open transaction with an id holds
   * every reader of the log back) and its row re-read, so the position used is the committed one
   * even if another runner existed. The commit need not wait for the disk: if the server crashes
   * before the write-ahead log is flushed, the batch and its checkpoint are lost together and the
   * batch is applied again from the log.
   */
  private async processBatch(projection: Projection, generation: GenerationRow, batchSize: number): Promise<BatchOutcome> {
    const key = `${projection.name}:${generation.generation}`;
    const guess = this.scanned.get(key) ?? BigInt(generation.position);
    // A generation being built ahead of the others waits for them before it takes a connection, so
    // each page of the log is read once for all of them (shared-log-pages.ts).
    if (generation.status === 'building') await this.sharedPages.waitForRoom(projection.name, guess, batchSize);
    const client = await this.pool.connect();
    let events: RecordedEvent[] = [];
    try {
      // One round trip to open the batch and one to close it (statements with literals, sent together):
      // on a busy server each round trip waits its turn, and a live batch is what a reader waits for.
      // A live batch also reads its page of the log in the opening round trip, from the checkpoint
      // this runner last committed or saw; the row read under the lock says whether that was right.
      const filter = { eventTypes: projection.eventTypes };
      const postgres = generation.status === 'live' && this.store instanceof PostgresEventStore ? this.store : null;
      const early = postgres?.firstPageQuery(guess, batchSize, filter);
      const earlySql = early ? inlineParameters(client, early.text, early.values) : null;
      const opened = (await client.query(
        `BEGIN; SET LOCAL synchronous_commit = off;
         SELECT pg_advisory_xact_lock(hashtext(current_schema() || ${client.escapeLiteral(generationLockKey(projection.name, generation.generation))}));
         SELECT * FROM projection_generations WHERE name = ${client.escapeLiteral(projection.name)} AND generation = ${Number(generation.generation)}${earlySql ? `;\n${earlySql}` : ''}`,
      )) as unknown as Array<pg.QueryResult<GenerationRow>>;
      const row = opened[3]!.rows[0];
      if (!row || row.status !== generation.status || row.error !== null) {
        await client.query('ROLLBACK');
        return 'stale';
      }
      const from = BigInt(row.position);
      const page =
        row.status === 'building'
          ? await this.sharedPages.page(projection.name, from, batchSize, projection.eventTypes, () => this.readPage({ ...projection, eventTypes: undefined }, from, client, batchSize))
          : {
              ...(postgres && earlySql && from === guess
                ? await postgres.pageFrom(from, batchSize, filter, opened[4]!.rows as unknown as PageRow[], client)
                : await this.readPage(projection, from, client, batchSize)),
              full: undefined,
            };
      events = page.events;
      if (page.scannedTo === from) {
        await client.query('ROLLBACK');
        this.scanned.set(key, from);
        return 'idle';
      }
      // A live batch's writes travel with the checkpoint and COMMIT (deferred-writes.ts): fewer round
      // trips before a reader sees its write. A generation being built keeps its parameters (its
      // batches are large: as literals they cost more to build, send and parse than the trips saved).
      const writes = row.status === 'live' ? new DeferredWrites(client) : null;
      if (events.length > 0) await projection.apply(writes?.client ?? client, tableNames(projection, row.generation), events);
      await client.query(
        `${writes?.takeSql() ?? ''}UPDATE projection_generations SET position = ${page.scannedTo.toString()}, events_applied = events_applied + ${events.length}, updated_at = now()
         WHERE name = ${client.escapeLiteral(projection.name)} AND generation = ${Number(row.generation)}; COMMIT`,
      );
      this.scanned.set(key, page.scannedTo);
      if (row.status === 'live') this.noteCommittedLive(projection.name, row.version, page.scannedTo);
      this.emit('progress', projection.name, row.status, page.scannedTo);
      return (page.full ?? events.length === batchSize) ? 'full' : 'applied';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (events.length === 0) throw error;
    } finally {
      // Given back before the failing event is singled out, which takes connections of its own:
      // several read models failing at once, each keeping one, could otherwise empty the pool for ever.
      client.release();
    }
    await this.isolateFailure(projection, generation, events);
    return 'failed';
  }

  /** Applies the failed batch one event at a time to commit what works and stop at the culprit. */
  private async isolateFailure(projection: Projection, generation: GenerationRow, events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))', [generationLockKey(projection.name, generation.generation)]);
        const { rows } = await client.query<GenerationRow>(
          'SELECT * FROM projection_generations WHERE name = $1 AND generation = $2 FOR UPDATE',
          [projection.name, generation.generation],
        );
        if (BigInt(rows[0]!.position) >= event.position) {
          await client.query('ROLLBACK');
          continue;
        }
        await projection.apply(client, tableNames(projection, generation.generation), [event]);
        await client.query(
          `UPDATE projection_generations SET position = $3, events_applied = events_applied + 1, updated_at = now()
           WHERE name = $1 AND generation = $2`,
          [projection.name, generation.generation, event.position.toString()],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const reason = (error as Error).message;
        // On the connection this loop already holds: asking the pool for a second one while holding
        // it could wait for ever when several read models fail at once.
        await client.query(
          `UPDATE projection_generations SET error = $3, error_position = $4, error_event_id = $5, updated_at = now()
           WHERE name = $1 AND generation = $2`,
          [projection.name, generation.generation, `${event.type}: ${reason}`, event.position.toString(), event.id],
        );
        this.options.logger.error(
          { projection: projection.name, generation: generation.generation, position: event.position.toString(), eventId: event.id, eventType: event.type, reason },
          'projection stopped at an event it cannot apply; fix the projection and run `boligbok projections retry`',
        );
        this.emit('failed', projection.name, event.position);
        return;
      } finally {
        client.release();
      }
    }
  }

  /**
   * Switches a caught-up generation in: under the lock of both generation rows, applies whatever
   * arrived meanwhile, marks it live, retires the old one and points the views at the new tables,
   * all in one transaction, so no query ever sees a half-built model.
   */
  private async switchToBuilt(projection: Projection, generation: number): Promise<void> {
    try {
      await this.createDeferredIndexes(projection, generation);
    } catch (error) {
      // A key the generation's rows break (a duplicate written while building) fails the same way
      // on every try: the generation stops with the error, as at an event it cannot apply, and the
      // live one serves on. Anything else (a lost connection) is tried again by the loop.
      if (!isDataError(error)) throw error;
      await this.stopBuildAt(projection, generation, `building its deferred indexes and keys: ${(error as Error).message}`);
      return;
    }
    const client = await this.pool.connect();
    let retired: number[] = [];
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))', [generationLockKey(projection.name, generation)]);
      const { rows } = await client.query<GenerationRow>(
        `SELECT * FROM projection_generations WHERE name = $1 AND status IN ('live', 'building') ORDER BY generation FOR UPDATE`,
        [projection.name],
      );
      const building = rows.find((r) => r.generation === generation && r.status === 'building');
      if (!building || building.error !== null) {
        await client.query('ROLLBACK');
        return;
      }
      const names = tableNames(projection, generation);
      let position = BigInt(building.position);
      let applied = 0;
      for (;;) {
        const page = await this.readPage(projection, position, client, this.buildBatchSize);
        if (page.events.length > 0) await projection.apply(client, names, page.events);
        applied += page.events.length;
        position = page.scannedTo;
        if (page.events.length < this.buildBatchSize) break;
      }
      retired = rows.filter((r) => r.status === 'live').map((r) => r.generation);
      await client.query(
        `UPDATE projection_generations SET status = 'retired', updated_at = now() WHERE name = $1 AND status = 'live'`,
        [projection.name],
      );
      await client.query(
        `UPDATE projection_generations SET status = 'live', position = $3, events_applied = events_applied + $4, switched_at = now(), updated_at = now()
         WHERE name = $1 AND generation = $2`,
        [projection.name, generation, position.toString(), applied],
      );
      for (const logical of Object.keys(projection.tables)) {
        await client.query(`DROP VIEW IF EXISTS ${logical}`);
        await client.query(`CREATE VIEW ${logical} AS SELECT * FROM ${names[logical]}`);
      }
      await client.query('COMMIT');
      this.options.logger.info({ projection: projection.name, generation, position: position.toString() }, 'projection generation is live');
      this.committedLive.set(projection.name, { version: building.version, position });
      this.emit('progress', projection.name, 'live', position);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    for (const old of retired) await this.dropGeneration(projection, old);
  }

  private async stopBuildAt(projection: Projection, generation: number, reason: string): Promise<void> {
    const { rows } = await this.pool.query<{ position: string }>(
      `UPDATE projection_generations SET error = $3, error_position = position, updated_at = now()
       WHERE name = $1 AND generation = $2 AND status = 'building' RETURNING position::text`,
      [projection.name, generation, reason],
    );
    if (!rows[0]) return;
    this.options.logger.error(
      { projection: projection.name, generation, position: rows[0].position, reason },
      'projection generation cannot go live; fix the projection and run `boligbok projections retry`',
    );
    this.emit('failed', projection.name, BigInt(rows[0].position));
  }

  /**
   * The query indexes and deferred keys of a caught-up generation, each built once over the whole
   * table, and its planner statistics, before the switch (build-deferred-indexes.ts: without a
   * transaction id, so the log's readers are not held back meanwhile). Only this loop writes the
   * generation, so nothing waits on them; the list is cleared once all are built.
   */
  private async createDeferredIndexes(projection: Projection, generation: number): Promise<void> {
    const { rows } = await this.pool.query<{ deferred_indexes: string[] }>(
      `SELECT deferred_indexes FROM projection_generations WHERE name = $1 AND generation = $2 AND status = 'building'`,
      [projection.name, generation],
    );
    if (!rows[0]) return;
    await buildDeferredIndexes(this.pool, Object.values<string>(tableNames(projection, generation)), rows[0].deferred_indexes);
    await this.pool.query(`UPDATE projection_generations SET deferred_indexes = '{}' WHERE name = $1 AND generation = $2`, [projection.name, generation]);
  }

  private async dropGeneration(projection: Projection, generation: number): Promise<void> {
    await dropTables(this.pool, Object.values<string>(tableNames(projection, generation)));
  }

  /**
   * When the log lives in the same database, the batch reads it inside its own transaction: one
   * connection, and on PGlite (one transaction at a time) the only way that does not wait forever.
   */
  private readPage(projection: Projection, after: bigint, client: pg.PoolClient, batchSize = this.options.batchSize): Promise<AllPage> {
    const filter = { eventTypes: projection.eventTypes };
    return this.store instanceof PostgresEventStore
      ? this.store.readAllPage(after, batchSize, filter, client)
      : this.store.readAllPage(after, batchSize, filter);
  }

  /**
   * Rebuilds a projection from position 0 into shadow tables and compares them with the live ones,
   * table by table (row count and checksum). The shadow is built up to the live checkpoint, then,
   * with the live checkpoint row locked, brought to exactly the same position and compared; the live
   * projection waits only for that last step. The shadow tables are dropped afterwards.
   */
  async verifyAgainstShadow(name: string, onProgress: (position: bigint) => void = () => undefined): Promise<ShadowComparison> {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`unknown projection '${name}'; known: ${this.names.join(', ')}`);
    const shadow = {} as TableNames<string>;
    for (const logical of Object.keys(projection.tables)) shadow[logical] = `${logical}_shadow`;
    const dropShadow = async () => {
      await dropTables(this.pool, Object.values<string>(shadow));
    };
    await dropShadow();
    for (const [logical, ddl] of Object.entries(projection.tables) as Array<[string, Projection['tables'][string]]>) {
      await this.pool.query(ddl(shadow[logical]!, shadow));
    }
    try {
      const { live } = await this.generations(name);
      if (!live) throw new Error(`projection ${name} has no live generation to compare with`);
      // Positions move only to the last event applied, so nothing between two pages is ever skipped.
      let position = 0n;
      const target = BigInt(live.position);
      for (let more = true; more; ) {
        const client = await this.pool.connect();
        try {
          await client.query('BEGIN');
          const page = await this.readPage(projection, position, client);
          const events = page.events.filter((e) => e.position <= target);
          if (events.length > 0) await projection.apply(client, shadow, events);
          await client.query('COMMIT');
          if (events.length > 0) position = events[events.length - 1]!.position;
          more = events.length === page.events.length && page.events.length === this.options.batchSize;
          onProgress(position);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      }
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<GenerationRow>(
          'SELECT * FROM projection_generations WHERE name = $1 AND generation = $2 FOR UPDATE',
          [name, live.generation],
        );
        const livePosition = BigInt(rows[0]!.position);
        for (;;) {
          const page = await this.readPage(projection, position, client);
          const events = page.events.filter((e) => e.position <= livePosition);
          if (events.length > 0) await projection.apply(client, shadow, events);
          if (events.length < page.events.length || page.events.length < this.options.batchSize) break;
          position = events[events.length - 1]!.position;
        }
        const tables = [];
        for (const logical of Object.keys(projection.tables)) {
          const [a, b] = [await tableChecksum(client, `${logical}_g${live.generation}`), await tableChecksum(client, shadow[logical]!)];
          tables.push({ table: logical, liveRows: a.rows, rebuiltRows: b.rows, identical: a.md5 === b.md5 && a.rows === b.rows });
        }
        await client.query('COMMIT');
        return { projection: name, position: livePosition, identical: tables.every((t) => t.identical), tables };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    } finally {
      await dropShadow();
    }
  }

  /** Asks for a fresh generation built from position 0 beside the live one (the running process builds it). */
  async requestRebuild(name: string): Promise<number> {
    const projection = this.projections.get(name);
    if (!projection) throw new Error(`unknown projection '${name}'; known: ${this.names.join(', ')}`);
    const generation = await this.createGeneration(projection);
    this.nudge();
    return generation;
  }

  /** Clears a projection's error so it tries the failed event again (after a fix); false when it had none. */
  async retry(name: string): Promise<boolean> {
    if (!this.projections.has(name)) throw new Error(`unknown projection '${name}'; known: ${this.names.join(', ')}`);
    for (const key of [...this.scanned.keys()]) if (key.startsWith(`${name}:`)) this.scanned.delete(key);
    const { rowCount } = await this.pool.query(
      `UPDATE projection_generations SET error = NULL, error_position = NULL, error_event_id = NULL, updated_at = now()
       WHERE name = $1 AND status IN ('live', 'building') AND error IS NOT NULL`,
      [name],
    );
    this.nudge();
    return (rowCount ?? 0) > 0;
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const { rows } = await this.pool.query<GenerationRow>(
      `SELECT * FROM projection_generations WHERE status IN ('live', 'building') ORDER BY name, generation`,
    );
    const out: ProjectionStatus[] = [];
    for (const p of this.projections.values()) {
      const live = rows.find((r) => r.name === p.name && r.status === 'live');
      const building = rows.find((r) => r.name === p.name && r.status === 'building');
      const failed = [live, building].find((r) => r?.error);
      const describe = (r: GenerationRow | undefined) =>
        r ? { generation: r.generation, version: r.version, position: BigInt(r.position), eventsApplied: BigInt(r.events_applied) } : null;
      let eventsBehind: bigint | null = null;
      if (this.store.adapterName === 'postgres') {
        const { rows: c } = await this.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events WHERE position > $1', [
          live ? live.position : '0',
        ]);
        eventsBehind = BigInt(c[0]!.n);
      }
      out.push({
        name: p.name,
        version: p.version,
        runningHere: this.locks.holds(p.name),
        live: describe(live),
        building: describe(building),
        error: failed ? { message: failed.error!, position: BigInt(failed.error_position ?? '0') } : null,
        headPosition: head,
        eventsBehind,
      });
    }
    return out;
  }

  /**
   * Read-your-writes: resolves once every live read model has processed the log up to `position`,
   * or fails with a clear error after `timeoutMs`.
   */
  async waitForPosition(position: bigint, timeoutMs: number, names: readonly string[] = this.names): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let nudgedAt = -Infinity;
    for (;;) {
      // Answered from memory when this process committed the batches asked for (the usual case: the
      // write came through this service and its read models run here), else from the database.
      if (names.every((n) => this.committedHere(n, position))) return;
      const { rows } = await this.pool.query<{ name: string; position: string; version: number }>(
        `SELECT name, position::text, version FROM projection_generations WHERE status = 'live' AND name = ANY($1)`,
        [names],
      );
      // A live generation of an older version no longer moves (its successor is being built): it never counts.
      const behind = names.filter((n) => {
        const row = rows.find((r) => r.name === n);
        return !row || BigInt(row.position) < position || row.version !== this.projections.get(n)?.version;
      });
      if (behind.length === 0) return;
      // Those not woken by the append (none of its event types is theirs) need not wait for a poll.
      if (Date.now() - nudgedAt >= 100) {
        nudgedAt = Date.now();
        const here = behind.filter((n) => this.projections.has(n));
        for (const name of here) this.demands.set(name, this.demandsOf(name) + 1);
        this.wakeOnly(here, position);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new ReadModelTimeoutError(position, timeoutMs, behind);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.off('progress', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 20));
        this.once('progress', done);
      });
    }
  }
}

function lockKey(name: string): string {
  return `:boligbok:projection:${name}`;
}

/** Held for the length of one batch transaction of one generation (and by the switch and isolation steps). */
function generationLockKey(name: string, generation: number): string {
  return `:boligbok:projection-batch:${name}:${generation}`;
}

/**
 * Drops a generation's (or a shadow build's) tables and the functions named after them
 * (`<table>_…`, such as the portfolio counts' trigger functions): DROP TABLE takes a table's
 * triggers but leaves their functions behind.
 */
async function dropTables(pool: pg.Pool, tables: readonly string[]): Promise<void> {
  for (const table of tables) await pool.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
  const { rows } = await pool.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = current_schema() AND p.proname LIKE ANY ($1::text[])`,
    [tables.map((t) => `${t.replace(/[\\%_]/g, (c) => `\\${c}`)}\\_%`)],
  );
  for (const row of rows) await pool.query(`DROP FUNCTION IF EXISTS ${row.signature}`);
}

export function tableNames<T extends string>(projection: Projection<T>, generation: number): TableNames<T> {
  const names = {} as TableNames<T>;
  for (const logical of Object.keys(projection.tables) as T[]) names[logical] = `${logical}_g${generation}`;
  return names;
}
