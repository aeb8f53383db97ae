import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The console knows providers only from the API: no source file names one.
// (The browser tests drive a provider it has never seen.)
describe('the console source', () => {
  it('names no provider', () => {
    const root = path.resolve(import.meta.dirname);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) { if (name !== 'gql') walk(p); } else if (/\.(ts|tsx|css)$/.test(name)) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(10);
    const named = files.filter((f) => !f.endsWith('noBranching.test.ts') && /tanium|ninja|tactical|testrmm/i.test(readFileSync(f, 'utf8')));
    expect(named.map((f) => path.relative(root, f))).toEqual([]);
  });
});
