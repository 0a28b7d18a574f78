import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { AinpDbError } from '../errors.js';
import {
  DEFAULT_DATA_FOLDER,
  EMBEDDED_DATABASE,
} from '../embedded-server/embedded-server-settings.js';
import { findWorkspaceRoot } from '../workspace-paths.js';

const run = promisify(execFile);

/** The system PostgreSQL the cluster runs on: Citus 13.2 builds for 15-17; Debian here has 15. */
export const DEFAULT_CITUS_PG_BIN = '/usr/lib/postgresql/15/bin';
/** Coordinator on the base port, workers on the next two. */
export const DEFAULT_CLUSTER_PORT = 15500;
export const CLUSTER_USER = 'postgres';
export const CLUSTER_NODES = ['coordinator', 'worker1', 'worker2'] as const;
export type ClusterNodeName = (typeof CLUSTER_NODES)[number];

export interface ClusterSettings {
  readonly pgBin: string;
  readonly basePort: number;
  /** .ainp-data/citus: one data folder per node. */
  readonly dataDir: string;
}

export interface ClusterNode {
  readonly name: ClusterNodeName;
  readonly port: number;
  readonly dataDir: string;
}

/** AINP_CITUS_PG_BIN, AINP_CLUSTER_PORT and AINP_CLUSTER_DATA_DIR override the defaults. */
export function clusterSettings(env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  const basePort = env.AINP_CLUSTER_PORT ? Number(env.AINP_CLUSTER_PORT) : DEFAULT_CLUSTER_PORT;
  if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65533) {
    throw new AinpDbError(
      `AINP_CLUSTER_PORT must be a port number from 1 to 65533 (the workers use the next two), not "${env.AINP_CLUSTER_PORT}".`,
    );
  }
  return {
    pgBin: env.AINP_CITUS_PG_BIN || DEFAULT_CITUS_PG_BIN,
    basePort,
    dataDir: env.AINP_CLUSTER_DATA_DIR
      ? path.resolve(env.AINP_CLUSTER_DATA_DIR)
      : path.join(findWorkspaceRoot(), DEFAULT_DATA_FOLDER, 'citus'),
  };
}

export function clusterNodes(settings: ClusterSettings): ClusterNode[] {
  return CLUSTER_NODES.map((name, index) => ({
    name,
    port: settings.basePort + index,
    dataDir: path.join(settings.dataDir, name),
  }));
}

/** A database URL on one node; no password (the nodes trust 127.0.0.1). */
export function clusterNodeUrl(node: ClusterNode, database = EMBEDDED_DATABASE): string {
  return `postgres://${CLUSTER_USER}@127.0.0.1:${node.port}/${database}`;
}

export function coordinatorUrl(settings: ClusterSettings, database = EMBEDDED_DATABASE): string {
  return clusterNodeUrl(clusterNodes(settings)[0]!, database);
}

/** Why the cluster cannot run here, with what to do; undefined when Citus is installed. */
export async function citusMissingReason(settings: ClusterSettings): Promise<string | undefined> {
  const how =
    'Install Citus for that PostgreSQL (a distribution package, e.g. postgresql-15-citus-13.2 from packagecloud.io/citusdata; on the AINP build machines: sudo ../shared/citus/build-citus.sh), or set AINP_CITUS_PG_BIN to the bin folder of a PostgreSQL that has it.';
  const pgConfig = path.join(settings.pgBin, 'pg_config');
  if (!existsSync(path.join(settings.pgBin, 'initdb')) || !existsSync(pgConfig)) {
    return `There is no PostgreSQL server in ${settings.pgBin} (initdb and pg_config are missing), so no Citus cluster can start. ${how}`;
  }
  const { stdout } = await run(pgConfig, ['--pkglibdir']);
  if (!existsSync(path.join(stdout.trim(), 'citus.so'))) {
    return `Citus is not installed in the PostgreSQL in ${settings.pgBin} (no citus.so in ${stdout.trim()}). ${how}`;
  }
  return undefined;
}

/** Runs a server binary as the data folders' owner: `postgres` when we are root, else ourselves. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const { stdout } = await run('id', ['-u', CLUSTER_USER]);
  const { stdout: gid } = await run('id', ['-g', CLUSTER_USER]);
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) };
}

async function runServerTool(
  settings: ClusterSettings,
  tool: string,
  args: string[],
): Promise<{ code: number; output: string }> {
  const user = await serverUser();
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(settings.pgBin, tool), args, {
      ...(user ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: settings.dataDir,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function nodeConfig(node: ClusterNode): string {
  return [
    `port = ${node.port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${node.dataDir}'`,
    `shared_preload_libraries = 'citus'`,
    `citus.node_conninfo = 'sslmode=disable'`,
    `max_connections = 300`,
    `shared_buffers = '64MB'`,
    `max_prepared_transactions = 300`,
    '',
  ].join('\n');
}

async function initNode(settings: ClusterSettings, node: ClusterNode): Promise<void> {
  await mkdir(node.dataDir, { recursive: true, mode: 0o700 });
  const user = await serverUser();
  if (user) await chown(node.dataDir, user.uid, user.gid);
  const init = await runServerTool(settings, 'initdb', [
    '-D',
    node.dataDir,
    '-U',
    CLUSTER_USER,
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
  ]);
  if (init.code !== 0) {
    throw new AinpDbError(
      `initdb for the Citus ${node.name} failed in ${node.dataDir}; nothing else was started. Remove that folder and retry. initdb said: ${init.output.trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  const conf = path.join(node.dataDir, 'postgresql.auto.conf');
  await writeFile(conf, nodeConfig(node), { flag: 'a' });
  if (user) await chown(conf, user.uid, user.gid);
}

async function isInitialised(node: ClusterNode): Promise<boolean> {
  return existsSync(path.join(node.dataDir, 'PG_VERSION'));
}

export async function isNodeRunning(
  settings: ClusterSettings,
  node: ClusterNode,
): Promise<boolean> {
  if (!(await isInitialised(node))) return false;
  const status = await runServerTool(settings, 'pg_ctl', ['status', '-D', node.dataDir]);
  return status.code === 0;
}

async function startNode(settings: ClusterSettings, node: ClusterNode): Promise<void> {
  if (await isNodeRunning(settings, node)) return;
  const started = await runServerTool(settings, 'pg_ctl', [
    'start',
    '-w',
    '-t',
    '120',
    '-D',
    node.dataDir,
    '-l',
    path.join(node.dataDir, 'server.log'),
  ]);
  if (started.code !== 0) {
    throw new AinpDbError(
      `The Citus ${node.name} did not start on port ${node.port}. Nodes started before it keep running; stop them with \`pnpm db:cluster stop\`. See ${path.join(node.dataDir, 'server.log')}. pg_ctl said: ${started.output.trim().split('\n').slice(-2).join(' ')}`,
    );
  }
}

async function withNode<T>(
  node: ClusterNode,
  database: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: clusterNodeUrl(node, database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates `database` on every node with the citus extension and registers the workers with the
 * coordinator (Citus keeps its node list per database). Does nothing more when it exists already.
 */
export async function createClusterDatabase(
  settings: ClusterSettings,
  database: string,
): Promise<void> {
  const nodes = clusterNodes(settings);
  for (const node of nodes) {
    await withNode(node, 'postgres', async (client) => {
      const served = await client.query<{ dir: string }>(
        `SELECT current_setting('data_directory') AS dir`,
      );
      if (served.rows[0]?.dir !== node.dataDir) {
        throw new AinpDbError(
          `Port ${node.port} is served by another PostgreSQL (data in ${served.rows[0]?.dir}), not by the Citus ${node.name} in ${node.dataDir}. No database was created; nodes started meanwhile keep running (stop them with pnpm db:cluster stop). Set AINP_CLUSTER_PORT to the port the cluster was created with, or free that port.`,
        );
      }
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0)
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    });
    await withNode(node, database, (client) =>
      client.query('CREATE EXTENSION IF NOT EXISTS citus'),
    );
  }
  const [coordinator, ...workers] = nodes;
  await withNode(coordinator!, database, async (client) => {
    await client.query(`SELECT citus_set_coordinator_host('127.0.0.1', $1)`, [coordinator!.port]);
    for (const worker of workers) {
      const known = await client.query(
        'SELECT 1 FROM pg_dist_node WHERE nodename = $1 AND nodeport = $2',
        ['127.0.0.1', worker.port],
      );
      if (known.rowCount === 0) {
        await client.query(`SELECT citus_add_node('127.0.0.1', $1)`, [worker.port]);
      }
    }
  });
}

/** Drops `database` on every node (workers first); a no-op where it does not exist. */
export async function dropClusterDatabase(
  settings: ClusterSettings,
  database: string,
): Promise<void> {
  for (const node of clusterNodes(settings).reverse()) {
    await withNode(node, 'postgres', (client) =>
      client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`),
    );
  }
}

/** Initialises missing nodes, starts the stopped ones, and makes the `ainp` database. */
export async function startCluster(settings: ClusterSettings): Promise<void> {
  const missing = await citusMissingReason(settings);
  if (missing) throw new AinpDbError(missing);
  await mkdir(settings.dataDir, { recursive: true });
  const user = await serverUser();
  if (user) await chown(settings.dataDir, user.uid, user.gid);
  for (const node of clusterNodes(settings)) {
    if (!(await isInitialised(node))) await initNode(settings, node);
    await startNode(settings, node);
  }
  await createClusterDatabase(settings, EMBEDDED_DATABASE);
}

/** Stops every running node, coordinator last. */
export async function stopCluster(settings: ClusterSettings): Promise<ClusterNodeName[]> {
  const stopped: ClusterNodeName[] = [];
  for (const node of clusterNodes(settings).reverse()) {
    if (!(await isNodeRunning(settings, node))) continue;
    const result = await runServerTool(settings, 'pg_ctl', [
      'stop',
      '-m',
      'fast',
      '-w',
      '-D',
      node.dataDir,
    ]);
    if (result.code !== 0) {
      throw new AinpDbError(
        `The Citus ${node.name} (port ${node.port}) did not stop: ${result.output.trim()}. The nodes after it in the list are still running; retry \`pnpm db:cluster stop\`.`,
      );
    }
    stopped.push(node.name);
  }
  return stopped;
}

export interface NodeStatus {
  readonly node: ClusterNode;
  readonly initialised: boolean;
  readonly running: boolean;
}

export async function clusterStatus(settings: ClusterSettings): Promise<NodeStatus[]> {
  return Promise.all(
    clusterNodes(settings).map(async (node) => ({
      node,
      initialised: await isInitialised(node),
      running: await isNodeRunning(settings, node),
    })),
  );
}

/** True when the data folder holds no node yet (used by `status`). */
export async function clusterIsEmpty(settings: ClusterSettings): Promise<boolean> {
  return !existsSync(settings.dataDir) || (await readdir(settings.dataDir)).length === 0;
}
