import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { createLogger } from './logger';
import { SettingsService } from './settingsService';

let dir: string;
const log = createLogger({});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tavs-settings-'));
});

describe('SettingsService', () => {
  test('defaults to Danish', () => {
    expect(new SettingsService(path.join(dir, 'settings.json'), log).get()).toEqual({ locale: 'da' });
  });

  test('remembers the locale across restarts', () => {
    const file = path.join(dir, 'settings.json');
    new SettingsService(file, log).setLocale('en');
    expect(new SettingsService(file, log).get()).toEqual({ locale: 'en' });
  });

  test('a corrupt file is moved aside, not overwritten, and defaults apply', () => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{"locale": "en"');
    const service = new SettingsService(file, log);
    expect(service.get()).toEqual({ locale: 'da' });
    const aside = fs.readdirSync(dir).filter((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0] ?? ''), 'utf8')).toBe('{"locale": "en"');
  });

  test('a file with an unknown locale is treated as corrupt', () => {
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{"locale": "klingon"}');
    expect(new SettingsService(file, log).get()).toEqual({ locale: 'da' });
  });
});
