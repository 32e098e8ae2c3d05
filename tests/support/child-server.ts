// The real server (cloud/src/server.ts) in a child process, as `node` runs it in production:
// a crash shows as the child exiting, and signals reach it as they would from a supervisor.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  child: ChildProcess;
  base: string;
  /** Everything the child printed so far. */
  output(): string;
  /** Set once the child has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills the child if it is still running. */
  kill(): Promise<void>;
}

/** Starts the server on a free port with `env` (plus PORT=0, HOST=127.0.0.1, no H5 app). */
export async function startChildServer(env: Record<string, string>, timeoutMs = 45_000): Promise<ChildServer> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of ['DATABASE_URL', 'POSTGRES_URL', 'DB_DRIVER', 'DATA_DIR', 'DEMO_MODE']) delete base[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'cloud/src/server.ts'], {
    cwd: repoRoot,
    env: { ...base, PORT: '0', HOST: '127.0.0.1', H5_DIR: 'no-h5-app-here', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const server: ChildServer = {
    child,
    base: '',
    output: () => out,
    exit: null,
    exited: new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        server.exit = { code, signal };
        resolve(server.exit);
      });
    }),
    async kill() {
      if (server.exit) return;
      child.kill('SIGKILL');
      await server.exited;
    },
  };
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const look = () => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', look);
    void server.exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${e.code ?? e.signal}) before listening:\n${out}`));
    });
  });
  server.base = `http://127.0.0.1:${port}`;
  return server;
}
