import { hubConfigFromEnv } from './hubConfig';
import { createHubLogger } from './hubLogger';
import { startHub } from './startHub';

/**
 * The hub process: `npx tsx hub/src/main.ts`, configured by its environment (hubConfig.ts).
 * Prints one line `hub listening <url>` on stdout when it serves, for scripts that start it.
 */
async function main(): Promise<void> {
  const config = hubConfigFromEnv(process.env);
  const log = createHubLogger({ ...(config.logFile ? { file: config.logFile } : {}), echo: !config.logFile });
  const hub = await startHub(config, log);
  process.stdout.write(`hub listening ${hub.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void hub.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`hub: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
