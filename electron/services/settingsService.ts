import fs from 'node:fs';
import path from 'node:path';
import { settingsSchema, type Locale, type Settings } from '../../shared/contract/schemas';
import type { Logger } from './logger';

/** Danish by default: the counsellors are Danish. */
export const defaultSettings: Settings = { locale: 'da' };

/**
 * The workstation's own preferences (not records, not secrets), as a small JSON file in the
 * data directory. A file that does not parse is moved aside, never silently overwritten.
 */
export class SettingsService {
  private current: Settings;

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {
    this.current = this.load();
  }

  get(): Settings {
    return this.current;
  }

  setLocale(locale: Locale): Settings {
    this.current = { ...this.current, locale };
    this.save();
    return this.current;
  }

  private load(): Settings {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.warn('settings', 'settings file unreadable, using defaults', { code: (error as NodeJS.ErrnoException).code ?? 'unknown' });
      }
      return defaultSettings;
    }
    try {
      return settingsSchema.parse(JSON.parse(text));
    } catch {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      fs.renameSync(this.file, aside);
      this.log.warn('settings', 'settings file invalid, moved aside, using defaults', { movedTo: path.basename(aside) });
      return defaultSettings;
    }
  }

  /** Write-then-rename, so a crash mid-write leaves the old file intact. */
  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(this.current, null, 2), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }
}
