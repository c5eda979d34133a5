import type { TestProject } from 'vitest/node';
import { startPostgresServer } from './postgresServer';

/** One PostgreSQL server for the whole test run; each hub test file creates its own databases. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
