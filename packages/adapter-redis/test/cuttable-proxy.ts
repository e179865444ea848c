import { once } from "node:events";
import { createServer, type Socket, connect as tcpConnect } from "node:net";

/** A TCP proxy in front of a server, whose line a test can cut and restore. */
export interface CuttableProxy {
  /** `redis://127.0.0.1:<port>`: the proxy's address. */
  readonly url: string;
  /** Resets every open connection and refuses new ones, as a server that went away. */
  cut(): Promise<void>;
  /**
   * Holds every byte in both directions without closing anything, as a
   * network that went silent; `restore` delivers what was held, in order.
   */
  silence(): void;
  /** Accepts connections on the same port again and lets held bytes through. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to `target` (a `redis://` URL). */
export async function cuttableProxy(target: string): Promise<CuttableProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let silent = false;
  const held: Array<() => void> = [];
  const forward = (from: Socket, to: Socket) =>
    from.on("data", (chunk) => {
      const deliver = () => {
        if (!to.destroyed) to.write(chunk);
      };
      if (silent) held.push(deliver);
      else deliver();
    });
  const server = createServer((client) => {
    const upstream = tcpConnect(Number(port || 6379), hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy: no TCP address");
  const proxyPort = address.port;

  const cut = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of open) socket.resetAndDestroy();
    await closed;
  };
  return {
    url: `redis://127.0.0.1:${proxyPort}`,
    cut,
    silence() {
      silent = true;
    },
    async restore() {
      silent = false;
      for (const deliver of held.splice(0)) deliver();
      if (server.listening) return;
      server.listen(proxyPort, "127.0.0.1");
      await once(server, "listening");
    },
    async close() {
      if (server.listening) await cut();
    },
  };
}
