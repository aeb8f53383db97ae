import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const web = path.resolve(import.meta.dirname, '..');
const providersDir = path.resolve(web, '../providers');

// providerNames are the registered providers as the repository knows them:
// each folder of providers/ with a provider.go, and the ids it declares.
function providerNames(): string[] {
  const names = new Set<string>();
  for (const dir of readdirSync(providersDir)) {
    const file = path.join(providersDir, dir, 'provider.go');
    if (!existsSync(file)) continue;
    names.add(dir.toLowerCase());
    for (const m of readFileSync(file, 'utf8').matchAll(/\bID\s*=\s*"([a-z0-9]+)"/g)) names.add(m[1]);
  }
  return [...names];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return name === 'gql' ? [] : sources(p);
    return /\.(ts|tsx|css)$/.test(name) ? [p] : [];
  });
}

// The console knows providers only from the API: no source file names one.
// (The browser tests drive a provider it has never seen.)
describe('the console source', () => {
  it('names no provider', () => {
    const names = providerNames();
    expect(names.length).toBeGreaterThan(3);
    const files = sources(path.join(web, 'src'));
    expect(files.length).toBeGreaterThan(10);
    const named = files.flatMap((f) => {
      const text = readFileSync(f, 'utf8').toLowerCase();
      return names.filter((n) => text.includes(n)).map((n) => `${path.relative(web, f)}: ${n}`);
    });
    expect(named).toEqual([]);
  });
});
