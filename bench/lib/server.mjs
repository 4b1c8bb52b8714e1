// Starts bench/sandbox-server.mjs in its own process and talks to it over IPC.
import { fork } from 'node:child_process';

const SERVER = new URL('../sandbox-server.mjs', import.meta.url);

/**
 * Forks the benchmark server and resolves once it is listening, with its URLs, the client configuration material
 * (keys as PEM strings), the exact answer bodies, and `stats()` / `sandboxRequests()` / `close()`.
 */
export async function startServer() {
  const child = fork(SERVER, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  const ready = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`benchmark server exited early (code ${code})`)));
    child.on('message', (message) => {
      if (message.type === 'ready') resolve(message);
      else pending.get(message.id)?.(message);
      pending.delete(message.id);
    });
  });
  const info = await ready;
  child.removeAllListeners('exit');
  const ask = (type, extra = {}) =>
    new Promise((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      child.send({ ...extra, type, id });
    });
  return {
    ...info,
    /** The server process's CPU time (µs, user + system) and how many requests each listener answered. */
    async stats() {
      const { cpu, served } = await ask('stats');
      return { cpuUs: cpu.user + cpu.system, served };
    },
    /** What the real Sandbox recorded: method, target and whether the request's signature checked out. */
    async sandboxRequests() {
      return (await ask('sandbox-requests')).requests;
    },
    /** Arms a fault (`'bad-signature'`, `'stale-timestamp'` …) on the real Sandbox's next answer. */
    async fault(fault) {
      await ask('fault', { fault });
    },
    close() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      });
    },
  };
}

/** Server CPU over a span: call before, then call the returned function after. */
export async function serverSpan(server) {
  const start = await server.stats();
  return async () => {
    const end = await server.stats();
    return { cpuUs: end.cpuUs - start.cpuUs, requests: end.served.v3 + end.served.v2 - start.served.v3 - start.served.v2, signatures: end.served.signatures - start.served.signatures, connections: end.served.connections - start.served.connections };
  };
}
