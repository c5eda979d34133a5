import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { storeErrorKinds, storeErrorMessages } from './storeErrors';

// The store's shape as rules: Electron only in the safeStorage file, the SQLite driver only in
// recordStore.ts (all SQL in one module), the plaintext benchmark store nowhere else.

const electronRoot = path.resolve(import.meta.dirname, '..');

function sources(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
const relative = (file: string) => path.relative(electronRoot, file);
const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);

describe('the store module boundaries', () => {
  test('only safeStorageSecretStore.ts imports electron', () => {
    const users = sources(import.meta.dirname).filter((file) => importsOf(file).includes('electron'));
    expect(users.map(relative)).toEqual(['store/safeStorageSecretStore.ts']);
  });

  test('only recordStore.ts talks to SQLite', () => {
    const users = sources(electronRoot).filter((file) => importsOf(file).includes('better-sqlite3-multiple-ciphers'));
    expect(users.map(relative)).toEqual(['store/recordStore.ts']);
  });

  test('the unencrypted benchmark store is used by nothing in the app', () => {
    const users = sources(electronRoot).filter((file) => fs.readFileSync(file, 'utf8').includes('openPlaintextStoreForBenchmark'));
    expect(users.map(relative)).toEqual(['store/recordStore.ts']);
  });
});

describe('the administrator texts', () => {
  test('every kind has a title and an action in Danish and English', () => {
    for (const locale of ['da', 'en'] as const) {
      for (const kind of storeErrorKinds) {
        expect(storeErrorMessages[locale][`store.${kind}.title`].length).toBeGreaterThan(5);
        expect(storeErrorMessages[locale][`store.${kind}.action`].length).toBeGreaterThan(20);
      }
    }
    expect(Object.keys(storeErrorMessages.da).sort()).toEqual(Object.keys(storeErrorMessages.en).sort());
  });
});
