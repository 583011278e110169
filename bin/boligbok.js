#!/usr/bin/env node
// The `boligbok` command: runs the compiled CLI (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli', 'main.js');
if (!existsSync(cli)) {
  console.error('boligbok is not built yet: run `npm run build` (npm install does it for you).');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
