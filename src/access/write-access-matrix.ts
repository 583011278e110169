import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { accessMatrixMarkdown, contractSchema } from './access-matrix.js';

/** Writes docs/readme/access-matrix.md from the operation rules (run after adding an operation). */
const directory = join(packageRoot, 'docs', 'readme');
mkdirSync(directory, { recursive: true });
writeFileSync(join(directory, 'access-matrix.md'), accessMatrixMarkdown(contractSchema()));
console.log(`wrote ${join(directory, 'access-matrix.md')}`);
