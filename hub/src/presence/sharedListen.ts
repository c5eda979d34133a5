import type { Database } from '../db/database';

interface Channel {
  handlers: Set<(payload: string) => void>;
  listening: Promise<() => Promise<void>>;
}

const channelsOf = new WeakMap<Database, Map<string, Channel>>();

/**
 * `db.listen`, once per database handle and channel however many hub apps use the handle. On
 * PostgreSQL every LISTEN holds one pool connection for good, so apps built on one handle (tests
 * build several) would otherwise starve the pool. Resolves once listening; the returned function
 * stops this handler, and the LISTEN with the last one.
 */
export async function listenShared(db: Database, channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
  let channels = channelsOf.get(db);
  if (!channels) {
    channels = new Map();
    channelsOf.set(db, channels);
  }
  let entry = channels.get(channel);
  if (!entry) {
    const handlers = new Set<(payload: string) => void>();
    entry = { handlers, listening: db.listen(channel, (payload) => handlers.forEach((each) => each(payload))) };
    channels.set(channel, entry);
  }
  const current = entry;
  current.handlers.add(handler);
  try {
    await current.listening;
  } catch (error) {
    current.handlers.delete(handler);
    if (channels.get(channel) === current) channels.delete(channel);
    throw error;
  }
  const registry = channels;
  return async () => {
    if (!current.handlers.delete(handler) || current.handlers.size > 0) return;
    if (registry.get(channel) === current) registry.delete(channel);
    await (await current.listening)();
  };
}
