// globalSetup of the component tests: the real API (cloud/src/server.ts) on a
// fresh database, migrated and seeded in demo mode, for every page under test
// to talk to over HTTP. Runs in Node, outside jsdom.
import type { TestProject } from 'vitest/node';
import { startE2EServer } from '../../e2e/support/server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:<port> of the real API. */
    apiOrigin: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startE2EServer();
  project.provide('apiOrigin', server.baseUrl);
  return () => server.stop();
}
