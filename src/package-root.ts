import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout or installed package root (src/ and dist/ are one level below it). */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const schemaDirectory = join(packageRoot, 'schema');
