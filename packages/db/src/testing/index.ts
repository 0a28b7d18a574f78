export { freePort } from './free-port.js';
export { startTestServer, testServerFromEnv, type TestServer } from './test-server.js';
export {
  createTestDatabase,
  databaseUrl,
  dropDatabase,
  type TestDatabase,
} from './test-database.js';
export { createMigratedTemplate } from './migrated-template.js';
export { withClient } from './with-client.js';
export { killServerMidCommand, waitForLockWait } from './kill-server-mid-command.js';
export { assertNoLeftoverDatabases, listDatabases } from './leftover-databases.js';
export { startTestRun, type TestRun } from './test-run.js';
export {
  throwawayEmbeddedLocation,
  type ThrowawayEmbeddedLocation,
} from './throwaway-embedded-location.js';
export { createServiceLogin, type ServiceLogin } from './service-login.js';
export { capturedIo } from '../cli/captured-io.js';
