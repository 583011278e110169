import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The shape the architecture promises, checked on the source: deciders are pure (their whole
 * import closure holds no framework, database, API or infrastructure code, and no clock or random
 * numbers), and the applications feature imports nothing from the features that build on it.
 */
const SRC = resolve(process.cwd(), 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The modules a file names in `import … from`, `export … from` and `import(…)`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const names: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g)) {
    names.push(match[1] ?? match[2] ?? match[3]!);
  }
  return names;
}

function resolveLocal(from: string, name: string): string {
  return resolve(dirname(from), name.replace(/\.js$/, '.ts'));
}

/** Every file a file reaches through local imports, with the packages named on the way. */
function closure(file: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (current: string) => {
    if (files.has(current)) return;
    files.add(current);
    for (const name of importsOf(current)) {
      if (name.startsWith('.')) visit(resolveLocal(current, name));
      else packages.add(name);
    }
  };
  visit(file);
  return { files, packages };
}

const deciders = sourceFiles(SRC).filter((file) => file.endsWith('.decider.ts'));
const INFRASTRUCTURE_DIRS = ['event-store', 'projections', 'graphql', 'runtime', 'database', 'config', 'cli', 'observability', 'bench', 'generator', 'access', 'health', 'process-managers', 'command-handling'];
const INFRASTRUCTURE_FILE = /\.(resolver|handler|read-model|projection|module|job|node|message|field-resolver)\.ts$/;

describe('pure deciders', () => {
  it('exist (the check below reads them)', () => {
    expect(deciders.length).toBeGreaterThanOrEqual(8);
  });

  it.each(deciders.map((file) => [relative(SRC, file)]))('%s reaches no framework, database, API or infrastructure code', (name) => {
    const { files, packages } = closure(join(SRC, name));
    expect([...packages].filter((pkg) => pkg !== 'node:crypto')).toEqual([]);
    const impure = [...files]
      .map((file) => relative(SRC, file))
      .filter((file) => INFRASTRUCTURE_DIRS.includes(file.split('/')[0]!) || INFRASTRUCTURE_FILE.test(file));
    expect(impure).toEqual([]);
  });

  it.each(deciders.map((file) => [relative(SRC, file)]))('%s reads no clock and draws no random numbers (time arrives in the command)', (name) => {
    const { files } = closure(join(SRC, name));
    const offending = [...files].filter((file) => /Date\.now\(|new Date\(\)|Math\.random\(|performance\.now\(/.test(readFileSync(file, 'utf8'))).map((file) => relative(SRC, file));
    expect(offending).toEqual([]);
  });
});

describe('feature dependencies', () => {
  // Their events are the published contract: the applications read model may follow offers.
  it('applications import nothing from the features built on them (allocations, leases, ownership, reporting) but their events', () => {
    const offending = sourceFiles(join(SRC, 'applications')).flatMap((file) =>
      importsOf(file)
        .filter((name) => name.startsWith('.'))
        .map((name) => relative(SRC, resolveLocal(file, name)))
        .filter((target) => ['allocations', 'leases', 'ownership', 'reporting'].includes(target.split('/')[0]!) && !target.endsWith('.events.ts'))
        .map((target) => `${relative(SRC, file)} → ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
