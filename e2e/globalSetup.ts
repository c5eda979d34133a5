import { execFileSync } from 'node:child_process';

/** The specs drive the built bundles, so build them once, fresh, before any spec runs. */
export default function globalSetup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
