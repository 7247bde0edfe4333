import { jest } from '@jest/globals';
import { testDatabaseFactories } from '../../helpers/databases.js';
import { storageSuite } from './storage-suite.js';

// PGlite clones and a PostgreSQL start take seconds on a busy 2-core machine.
jest.setTimeout(30_000);

// The same suite against the embedded engine and a real PostgreSQL server.
const tables = ['conversation_references', 'feedback', 'bot_state'];
describe.each(testDatabaseFactories({ tables }).map((factory) => [factory.kind, factory] as const))(
  'storage on %s',
  (_kind, factory) => {
    storageSuite(factory);
  },
);
