/**
 * A TCP proxy in front of the test PostgreSQL that a spec controls, to cause database outages without touching the
 * shared server: forward, refuse new connections (ECONNREFUSED, as a database that is down), cut the open ones, or
 * cut the next connection that sends a statement (a connection lost mid-request).
 */
import net from 'node:net';

/** Where the proxy forwards to. */
export interface ProxyTarget {
  host: string;
  port: number;
}

/** One proxied connection: the client's socket and the server's. */
interface Pair {
  client: net.Socket;
  upstream: net.Socket;
}

/** A controllable TCP proxy; `start()` it, point a database URL at `url()`, `close()` it after. */
export class TcpProxy {
  readonly #target: ProxyTarget;
  readonly #pairs = new Set<Pair>();
  // Connections open when `cutOnNextStatement()` was called: the next one of them that sends anything is cut.
  #armed: Set<Pair> | null = null;
  #server: net.Server | null = null;
  #port = 0;

  private constructor(target: ProxyTarget) {
    this.#target = target;
  }

  /** Start a proxy to `target` on a free port of 127.0.0.1. */
  static async start(target: ProxyTarget): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.accept();
    return proxy;
  }

  /** Start a proxy to the server of a PostgreSQL URL. */
  static async forUrl(databaseUrl: string): Promise<TcpProxy> {
    const url = new URL(databaseUrl);
    return TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
  }

  /** The port the proxy listens on (kept across `refuse()` and `accept()`). */
  get port(): number {
    return this.#port;
  }

  /** Return `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.#port);
    return url.href;
  }

  /** The number of connections open through the proxy. */
  get openConnections(): number {
    return this.#pairs.size;
  }

  /** Listen (again, on the same port once it has one): new connections are forwarded. */
  async accept(): Promise<void> {
    if (this.#server !== null) return;
    const server = net.createServer((client) => this.#forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#port = (server.address() as net.AddressInfo).port;
    this.#server = server;
  }

  /** Stop listening, so that new connections are refused, and cut the open ones: the database is gone. */
  async refuse(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    this.cutAll();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Cut every open connection, as a restarting server or a network failure does. */
  cutAll(): void {
    for (const pair of [...this.#pairs]) this.#cut(pair);
  }

  /** Cut the next of the connections open now that sends anything (a statement): a connection lost mid-request. */
  cutOnNextStatement(): void {
    this.#armed = new Set(this.#pairs);
  }

  /** Stop listening and cut everything. */
  async close(): Promise<void> {
    await this.refuse();
  }

  #forward(client: net.Socket): void {
    const upstream = net.connect(this.#target.port, this.#target.host);
    const pair: Pair = { client, upstream };
    this.#pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (this.#armed?.has(pair)) {
        this.#armed = null;
        this.#cut(pair);
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = (): void => this.#cut(pair);
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  }

  #cut(pair: Pair): void {
    if (!this.#pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
