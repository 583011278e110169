import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { AppModule } from './app.module.js';
import type { Runtime } from './runtime/runtime.js';

/** Builds the HTTP service on an open runtime and starts the projections. */
export async function startServer(runtime: Runtime, port: number, host: string): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRuntime(runtime), { logger: ['error', 'warn'], bodyParser: true });
  await runtime.runner.start();
  await app.listen(port, host);
  return app;
}
