// Type-level tests of the generated types (vitest typecheck: a wrong generated type fails here).
import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreditTransactionRow,
  Database,
  JsonInput,
  JsonParameter,
  NegotiationInsert,
  NegotiationRound,
  NegotiationRow,
  NegotiationState,
  NegotiationUpdate,
  Page,
  Proposal,
  TableName,
} from '../src/index.js';
import { negotiationHistory } from '../src/index.js';
import type { DB } from '../src/kysely/index.js';

type DataModel = Exclude<TableName, 'migrations' | 'migration_rollbacks'>;

/**
 * An object type normalised for comparison: each property's type (wrapped, so `undefined` stays
 * visible) and which properties are optional. Kysely's Insertable is an intersection of mapped
 * types, which a strict equality check never finds equal to an interface with the same members.
 */
type Shape<T> = {
  types: { [K in keyof T]-?: [T[K]] };
  optional: { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
};
type Shapes<M> = { [T in keyof M]: Shape<M[T]> };

describe('the Kysely DB interface', () => {
  it('has every table of the data model and none of the runner', () => {
    expectTypeOf<keyof DB>().toEqualTypeOf<DataModel>();
  });

  it('selects, inserts and updates exactly what the Row, Insert and Update types say', () => {
    expectTypeOf<Shapes<{ [T in DataModel]: Selectable<DB[T]> }>>().toEqualTypeOf<
      Shapes<{ [T in DataModel]: Database[T]['row'] }>
    >();
    expectTypeOf<Shapes<{ [T in DataModel]: Insertable<DB[T]> }>>().toEqualTypeOf<
      Shapes<{ [T in DataModel]: Database[T]['insert'] }>
    >();
    expectTypeOf<Shapes<{ [T in DataModel]: Updateable<DB[T]> }>>().toEqualTypeOf<
      Shapes<{ [T in DataModel]: Database[T]['update'] }>
    >();
  });

  it('marks columns with a default Generated and types bigint as DatabaseClient parses it', () => {
    expectTypeOf<DB['agents']['id']>().toEqualTypeOf<Generated<string>>();
    expectTypeOf<DB['agents']['created_at']>().toEqualTypeOf<Generated<Date>>();
    expectTypeOf<Selectable<DB['credit_transactions']>['amount']>().toEqualTypeOf<bigint>();
    expectTypeOf<Insertable<DB['credit_transactions']>['amount']>().toEqualTypeOf<
      bigint | number | string
    >();
    expectTypeOf<Insertable<DB['credit_accounts']>['balance']>().toEqualTypeOf<
      bigint | number | string | undefined
    >();
  });

  it('types a query’s result from the schema', () => {
    const query = (db: Kysely<DB>) =>
      db
        .selectFrom('negotiations')
        .select(['id', 'rounds', 'state', 'created_at', 'current_proposal'])
        .executeTakeFirstOrThrow();
    expectTypeOf(query).returns.resolves.toEqualTypeOf<{
      id: string;
      rounds: NegotiationRound[];
      state: NegotiationState;
      created_at: Date;
      current_proposal: Proposal | null;
    }>();
  });
});

describe('the row types', () => {
  it('read jsonb as its shape, timestamps as Date and numeric as number', () => {
    expectTypeOf<NegotiationRow['rounds']>().toEqualTypeOf<NegotiationRound[]>();
    expectTypeOf<NegotiationRow['expires_at']>().toEqualTypeOf<Date>();
    expectTypeOf<NegotiationRow['convergence_score']>().toEqualTypeOf<number>();
    expectTypeOf<CreditTransactionRow['amount']>().toEqualTypeOf<bigint>();
  });

  it('take a jsonb array only through json(), which pg sends as JSON', () => {
    expectTypeOf<NegotiationInsert['rounds']>().toEqualTypeOf<
      JsonParameter<NegotiationRound[]> | undefined
    >();
    expectTypeOf<NegotiationRound[]>().not.toExtend<NegotiationInsert['rounds']>();
    expectTypeOf<Proposal>().toExtend<NegotiationInsert['current_proposal']>();
    expectTypeOf<NegotiationUpdate['incentive_split']>().toEqualTypeOf<
      JsonInput<Database['negotiations']['row']['incentive_split']> | undefined
    >();
    expectTypeOf<NegotiationUpdate>().not.toHaveProperty('nonexistent');
  });

  it('give the hot queries typed rows', () => {
    expectTypeOf(negotiationHistory).returns.resolves.toEqualTypeOf<Page<NegotiationRow>>();
  });
});
