import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { accessMatrixMarkdown, contractSchema, readmeWithMatrix } from './access-matrix.js';

/** Writes the access matrix into README.md (between its markers) from the operation rules; run after adding an operation. */
const readme = join(packageRoot, 'README.md');
writeFileSync(readme, readmeWithMatrix(readFileSync(readme, 'utf8'), accessMatrixMarkdown(contractSchema())));
console.log(`wrote the access matrix into ${readme}`);
