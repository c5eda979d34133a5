// A second process for the store's tests (run with `node --import tsx`), talking line by line
// on stdout:
//   write FILE KEYNAME SHIFT   opens the store and saves drafts in a loop until killed, printing
//                              "ack RECORD REVISION SEQ" after each save has returned (committed)
//   hold FILE KEYNAME          opens the store, prints "open", and keeps it open until killed
//   open FILE KEYNAME          tries to open the store and prints "ok" or "error KIND CODE"
//   key KEYNAME                prints the SHA-256 of the keychain's secret KEYNAME, or "none"
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createLogger } from '../../services/logger';
import { openRecordStore } from '../openRecordStore';
import type { RecordStore } from '../recordStore';
import { keyringSecretStore } from '../secretStore';
import { StoreError } from '../storeErrors';

const [mode, file, keyName, shiftId] = process.argv.slice(2);
const say = (line: string): void => {
  fs.writeSync(1, `${line}\n`);
};

async function open(): Promise<RecordStore> {
  if (!file || !keyName) throw new Error('usage: storeChild MODE FILE KEYNAME [SHIFT]');
  return openRecordStore({ file, keyName, secrets: keyringSecretStore(), log: createLogger({}), busyTimeoutMs: 200 });
}

async function main(): Promise<void> {
  switch (mode ?? '') {
    case 'write': {
      const store = await open();
      const contacts = Array.from({ length: 8 }, () => randomUUID());
      for (let seq = 0; ; seq++) {
        const recordId = contacts[seq % contacts.length] ?? '';
        const saved = store.saveDraft({ recordId, shiftId: shiftId ?? 'shift', payloadVersion: 1, payload: { seq, note: `draft ${seq} `.repeat(20) } });
        say(`ack ${recordId} ${saved.revision} ${seq}`);
      }
    }
    case 'hold': {
      await open();
      say('open');
      setInterval(() => undefined, 60_000);
      return;
    }
    case 'open': {
      try {
        (await open()).close();
        say('ok');
      } catch (error) {
        say(error instanceof StoreError ? `error ${error.kind} ${error.code}` : `error other ${String(error)}`);
      }
      return;
    }
    case 'key': {
      const secret = await keyringSecretStore().get(file ?? '');
      say(secret ? createHash('sha256').update(secret).digest('hex') : 'none');
      return;
    }
    default:
      throw new Error(`unknown mode ${String(mode)}`);
  }
}

main().catch((error: unknown) => {
  say(`crash ${String(error)}`);
  process.exit(2);
});
