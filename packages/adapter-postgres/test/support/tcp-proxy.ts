import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/**
 * A TCP proxy in front of a server that a test can break on purpose: hold
 * the server's replies, cut every connection, refuse new ones. Only the
 * connections through it are affected, so a test can take "the database"
 * away from one storage while other tests keep using the shared server.
 */
export interface TcpProxy {
  /** `host:port` clients connect to. */
  readonly address: string;
  /** From now on, bytes from the server are dropped instead of forwarded (replies are lost). */
  holdReplies(): void;
  /** Forward the server's bytes again (on connections opened or still open from now on). */
  passReplies(): void;
  /** Destroys every open connection on both sides. */
  cut(): void;
  /** While `true`, new connections are closed as soon as they open. */
  refuse(refusing: boolean): void;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (a free port) to `target` (`host:port`). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let holding = false;
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (!holding) client.write(chunk);
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on("close", end);
      socket.on("error", end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const cut = () => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    address: `127.0.0.1:${port}`,
    holdReplies: () => {
      holding = true;
    },
    passReplies: () => {
      holding = false;
    },
    cut,
    refuse: (value) => {
      refusing = value;
    },
    close() {
      cut();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
