import { AinpDbError } from '@ainp/db/errors';

/** Why the migration-impact check could not measure (as opposed to a migration it judged unsafe). */
export type MigrationImpactErrorCode =
  'bad_setting' | 'bad_base' | 'out_of_order' | 'workload_stopped' | 'not_seeded';

/** The check could not take its measurements; nothing was judged. */
export class MigrationImpactError extends AinpDbError {
  override name = 'MigrationImpactError';
  constructor(
    message: string,
    override readonly code: MigrationImpactErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
