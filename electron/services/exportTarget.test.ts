import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { dialogExportTarget, directoryExportTarget, safeFileName, writeFileAtomically, type ShowSaveDialog } from './exportTarget';

const directories: string[] = [];
function tempDir(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-export-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

// Every byte value, so a text decoding anywhere on the way would show.
const bytes = Uint8Array.from({ length: 512 }, (_, index) => index % 256);

describe('export file names', () => {
  test.each([
    ['tavs-statistik-2026-11-19-2026-11-25.xlsx', 'tavs-statistik-2026-11-19-2026-11-25.xlsx'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\evil.csv', 'evil.csv'],
    ['.hidden', 'hidden'],
    ['a b/ø.csv', '_.csv'],
    ['', 'tavs-export'],
    ['..', 'tavs-export'],
  ])('%j is saved as %j', (given, saved) => {
    expect(safeFileName(given)).toBe(saved);
  });
});

describe('the development launcher’s export directory', () => {
  test('creates the directory, writes the bytes unchanged under the hub’s name, leaves no temporary file', async () => {
    const directory = path.join(tempDir(), 'exports');
    const target = directoryExportTarget(directory);
    expect(await target.save('tavs-statistik-2026-11-19-2026-11-25.xlsx', bytes)).toBe('tavs-statistik-2026-11-19-2026-11-25.xlsx');
    expect(fs.readdirSync(directory)).toEqual(['tavs-statistik-2026-11-19-2026-11-25.xlsx']);
    expect(new Uint8Array(fs.readFileSync(path.join(directory, 'tavs-statistik-2026-11-19-2026-11-25.xlsx')))).toEqual(bytes);
  });

  test('a name cannot leave the directory', async () => {
    const root = tempDir();
    const directory = path.join(root, 'exports');
    expect(await directoryExportTarget(directory).save('../outside.csv', bytes)).toBe('outside.csv');
    expect(fs.existsSync(path.join(root, 'outside.csv'))).toBe(false);
    expect(fs.existsSync(path.join(directory, 'outside.csv'))).toBe(true);
  });

  test('a second export of the same period replaces the first', async () => {
    const directory = tempDir();
    const target = directoryExportTarget(directory);
    await target.save('x.csv', Uint8Array.from([1, 2, 3]));
    await target.save('x.csv', Uint8Array.from([4]));
    expect([...fs.readFileSync(path.join(directory, 'x.csv'))]).toEqual([4]);
  });

  test('a failed write leaves no file and no temporary behind', async () => {
    const directory = tempDir();
    const target = path.join(directory, 'missing-dir', 'x.csv');
    await expect(writeFileAtomically(target, bytes)).rejects.toThrow();
    expect(fs.readdirSync(directory)).toEqual([]);
    // Rename onto a directory fails after the temporary was written: it is removed again.
    fs.mkdirSync(path.join(directory, 'taken.csv'));
    await expect(writeFileAtomically(path.join(directory, 'taken.csv'), bytes)).rejects.toThrow();
    expect(fs.readdirSync(directory)).toEqual(['taken.csv']);
  });
});

describe('the save dialog target (Electron)', () => {
  function dialog(answer: { canceled: boolean; filePath?: string }): ShowSaveDialog & { asked: Parameters<ShowSaveDialog>[0][] } {
    const asked: Parameters<ShowSaveDialog>[0][] = [];
    return Object.assign((options: Parameters<ShowSaveDialog>[0]) => {
      asked.push(options);
      return Promise.resolve(answer);
    }, { asked });
  }

  test('suggests the hub’s name in the default folder, then writes where the staff member chose', async () => {
    const documents = tempDir();
    const chosen = path.join(tempDir(), 'uge 47.xlsx');
    const show = dialog({ canceled: false, filePath: chosen });
    expect(await dialogExportTarget(show, documents).save('tavs-statistik-2026-11-19-2026-11-25.xlsx', bytes)).toBe('uge 47.xlsx');
    expect(show.asked).toEqual([{ defaultPath: path.join(documents, 'tavs-statistik-2026-11-19-2026-11-25.xlsx'), filters: [{ name: 'XLSX', extensions: ['xlsx'] }] }]);
    expect(new Uint8Array(fs.readFileSync(chosen))).toEqual(bytes);
    expect(fs.readdirSync(documents)).toEqual([]);
  });

  test('cancelling writes nothing and answers null', async () => {
    const documents = tempDir();
    expect(await dialogExportTarget(dialog({ canceled: true }), documents).save('x.csv', bytes)).toBeNull();
    expect(await dialogExportTarget(dialog({ canceled: false }), documents).save('x.csv', bytes)).toBeNull();
    expect(fs.readdirSync(documents)).toEqual([]);
  });
});
