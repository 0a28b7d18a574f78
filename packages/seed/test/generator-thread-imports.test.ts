import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** What a module loads when it runs: the imports left in its JavaScript (type-only ones are gone). */
async function runtimeImports(file: string): Promise<string[]> {
  const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.ES2022,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
    fileName: file,
  });
  return [...outputText.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1]!,
  );
}

/** Every package a generator thread loads, following the seeder's own modules from the thread's entry. */
async function packagesLoadedBy(entry: string): Promise<Set<string>> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of await runtimeImports(file)) {
      if (specifier.startsWith('.')) {
        await visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
      } else {
        packages.add(specifier);
      }
    }
  };
  await visit(path.join(SRC, entry));
  return packages;
}

describe('a generator thread', () => {
  it("loads the schema's description from @ainp/db, not the package's root", async () => {
    // The root brings pg, the migration runner and the embedded server into every thread: about
    // 140 ms of each thread's start, before it can make its first chunk.
    const packages = await packagesLoadedBy('generator-worker.ts');
    expect(packages).toContain('@ainp/db/schema-description');
    expect([...packages].filter((name) => !name.startsWith('node:')).sort()).toEqual([
      '@ainp/db/schema-description',
    ]);
  });
});
