import { AinpDbError } from '@ainp/db';

/** `pnpm seed` without --reset or --append found seeded tables that already hold rows. */
export class SeedTargetNotEmptyError extends AinpDbError {
  override name = 'SeedTargetNotEmptyError';
  override readonly code: string = 'AINP_SEED_TARGET_NOT_EMPTY';
}

/** The load failed part-way; its transaction was rolled back, so nothing of it was written. */
export class SeedLoadError extends AinpDbError {
  override name = 'SeedLoadError';
  override readonly code: string = 'AINP_SEED_LOAD';
}

/** `--reset` refused before changing anything: a foreign table points in, or the data looks shared. */
export class SeedResetRefusedError extends AinpDbError {
  override name = 'SeedResetRefusedError';
  override readonly code: string = 'AINP_SEED_RESET_REFUSED';
}
