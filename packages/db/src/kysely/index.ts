/**
 * @ainp/db/kysely: the Kysely `DB` interface of the AINP tables and createKysely(db). The only
 * entry point that loads kysely, an optional peer dependency of @ainp/db.
 */
export { createKysely } from './create-kysely.js';
export * from '../generated/kysely-database.js';
