import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type pg from 'pg';
import { ProjectionRunner } from '../projections/projection-runner.js';
import { PG_POOL } from '../runtime/infrastructure.module.js';
import { Runtime } from '../runtime/runtime.js';

/** Liveness says the process answers; readiness says it can serve correct answers now. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(Runtime) private readonly runtime: Runtime,
  ) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'live' };
  }

  @Get('ready')
  async ready(@Res() res: Response) {
    const checks: Record<string, string> = {};
    try {
      await this.pool.query('SELECT 1');
      checks.database = 'up';
    } catch (error) {
      checks.database = `down: ${(error as Error).message}`;
    }
    if (checks.database === 'up') {
      try {
        checks.projections = (await this.runner.isReady()) ? 'up' : 'building or stopped';
      } catch (error) {
        checks.projections = `unknown: ${(error as Error).message}`;
      }
    }
    if (this.runtime.shuttingDown) checks.process = 'shutting down';
    const ok = checks.database === 'up' && checks.projections === 'up' && !this.runtime.shuttingDown;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not ready', checks });
  }
}
