import { UsageError } from '../errors.js';
import { defineCommand, writeLine } from './run-command.js';

export const dbClusterCommand = defineCommand({
  name: 'db cluster',
  shortForm: 'pnpm db:cluster',
  summary: 'Start, stop or inspect a local Citus cluster (coordinator and two workers).',
  usage: 'start|stop|status',
  examples: ['pnpm db:cluster start', 'AINP_CLUSTER_PORT=15510 pnpm db:cluster status'],
  environment: [
    'AINP_CLUSTER_PORT: the coordinator port (default 15500; the workers take the next two)',
    'AINP_CLUSTER_DATA_DIR: where the nodes keep their data (default .ainp-data/citus)',
    'AINP_CITUS_PG_BIN: the PostgreSQL 15 binaries with Citus (default /usr/lib/postgresql/15/bin)',
    'AINP_DEBUG=1: print the stack with an error',
  ],
  exitCodes:
    '0 done (status: every node runs), 1 a failure or Citus is not installed (the message says how to get it), 2 bad usage, 3 status: a node is not running.',
  help: `
A local Citus cluster for \`pnpm verify --citus\` and for trying the distributed schema: a
coordinator and two workers on 127.0.0.1, from the system PostgreSQL 15 with Citus
(AINP_CITUS_PG_BIN, default /usr/lib/postgresql/15/bin), run as \`postgres\` when started by root.
Data in .ainp-data/citus/ (AINP_CLUSTER_DATA_DIR); ports AINP_CLUSTER_PORT (default 15500) for the
coordinator and the next two for the workers. The nodes trust 127.0.0.1 (no password).

  start   initialise missing nodes, start them, create the \`ainp\` database with citus on every
          node and register the workers; prints the coordinator URL (set DATABASE_URL to it).
  stop    stop every node (the data stays).
  status  say which nodes run.

Options:
  -h, --help   Show this help.`,
  allowPositionals: true,
  async run({ positionals }, io) {
    const {
      citusMissingReason,
      clusterSettings,
      clusterStatus,
      coordinatorUrl,
      startCluster,
      stopCluster,
    } = await import('../citus/local-cluster.js');
    const [action, ...rest] = positionals;
    if (rest.length > 0 || !['start', 'stop', 'status'].includes(action ?? '')) {
      throw new UsageError(
        `expected one of start, stop, status${action ? `, not "${positionals.join(' ')}"` : ''}. Run \`pnpm db:cluster --help\` for usage.`,
      );
    }
    const settings = clusterSettings(io.env);
    if (action === 'start') {
      await startCluster(settings);
      writeLine(
        io.stdout,
        `The Citus cluster is running (coordinator and 2 workers); data in ${settings.dataDir}.`,
      );
      writeLine(io.stdout, `  DATABASE_URL=${coordinatorUrl(settings)}`);
      writeLine(io.stdout, 'Stop it with: pnpm db:cluster stop');
      return 0;
    }
    if (action === 'stop') {
      const stopped = await stopCluster(settings);
      writeLine(
        io.stdout,
        stopped.length > 0 ? `Stopped ${stopped.join(', ')}.` : 'No cluster node was running.',
      );
      return 0;
    }
    const missing = await citusMissingReason(settings);
    if (missing) writeLine(io.stdout, missing);
    const nodes = await clusterStatus(settings);
    for (const { node, initialised, running } of nodes) {
      writeLine(
        io.stdout,
        `${node.name.padEnd(12)} port ${node.port}  ${running ? 'running' : initialised ? 'stopped' : 'not created'}`,
      );
    }
    if (nodes.every((status) => status.running))
      writeLine(io.stdout, `  DATABASE_URL=${coordinatorUrl(settings)}`);
    return nodes.every((status) => status.running) ? 0 : 3;
  },
});
