import fs from 'node:fs';
import path from 'node:path';

/**
 * Where an export the staff member asked for ends up. The renderer never downloads (the kiosk
 * blocks downloads, I5) and never sees a path: the main process saves the file here and tells
 * the renderer only the name it was saved under.
 */
export interface ExportTarget {
  /** Saves `bytes`, suggesting `fileName`; resolves with the name used, or null if the staff member cancelled. */
  save(fileName: string, bytes: Uint8Array): Promise<string | null>;
}

/** A file name the hub suggested, reduced to a plain name: no directory can sneak in with it. */
export function safeFileName(fileName: string): string {
  const base = path.basename(fileName.replace(/\\/g, '/'));
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return clean === '' ? 'tavs-export' : clean;
}

/**
 * Writes to a temporary file beside the target, then renames it into place: a full disk or a
 * crash leaves the earlier file (or none), never half an export under the real name.
 */
export async function writeFileAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.${Date.now()}.part`;
  try {
    await fs.promises.writeFile(temporary, bytes, { mode: 0o600 });
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

/**
 * The development launcher's target: `<directory>/<fileName>`, no dialog (the browser has no
 * save dialog the main process could open). A second export of the same period replaces the first.
 */
export function directoryExportTarget(directory: string): ExportTarget {
  return {
    async save(fileName, bytes) {
      const name = safeFileName(fileName);
      await fs.promises.mkdir(directory, { recursive: true, mode: 0o700 });
      await writeFileAtomically(path.join(directory, name), bytes);
      return name;
    },
  };
}

/** The part of Electron's `dialog.showSaveDialog` the dialog target uses. */
export type ShowSaveDialog = (options: {
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}) => Promise<{ canceled: boolean; filePath?: string | undefined }>;

/**
 * The packaged app's target: the system's save dialog, opened in `defaultDirectory` with the
 * hub's file name, then the file is written where the staff member chose.
 */
export function dialogExportTarget(showSaveDialog: ShowSaveDialog, defaultDirectory: string): ExportTarget {
  return {
    async save(fileName, bytes) {
      const name = safeFileName(fileName);
      const extension = path.extname(name).slice(1);
      const filters = extension ? [{ name: extension.toUpperCase(), extensions: [extension] }] : [];
      const choice = await showSaveDialog({ defaultPath: path.join(defaultDirectory, name), filters });
      if (choice.canceled || !choice.filePath) return null;
      await writeFileAtomically(choice.filePath, bytes);
      return path.basename(choice.filePath);
    },
  };
}
