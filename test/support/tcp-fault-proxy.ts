import { connect, createServer, type Server, type Socket } from "node:net";

/*
 * A real TCP proxy between the proxy under test and a redis-server, with the network's faults:
 * every connection is piped to the target unless a fault applies.
 *  - blackhole(): nothing is forwarded either way, on old or new connections; bytes are held
 *    (as TCP would retransmit them) and the sockets stay open.
 *  - heal("resume"): held bytes are delivered and forwarding goes on (a pause of the network).
 *  - heal("dead"): the connections that existed during the blackhole stay open but silent for
 *    good (a NAT or firewall that lost their state); new connections work.
 *  - resetAll(): every connection is destroyed (a reset).
 *  - loseSilently(text): the open connections whose client sent `text` (an HTTP request's path,
 *    say) stay open but silent for good, the others untouched: a NAT that forgot one of them.
 *  - loseReplyAfter(text): the next client chunk holding `text` is forwarded, the server's answer
 *    is thrown away and both sides are destroyed: the command ran, its reply never arrived.
 */
export interface TcpFaultProxy {
  readonly port: number;
  readonly url: string;
  blackhole(): void;
  heal(old: "resume" | "dead"): void;
  resetAll(): void;
  loseSilently(text: string): number;
  loseReplyAfter(text: string): Promise<string>;
  readonly connections: number;
  /** Bytes held from clients (towards Redis) while blackholed, all connections. */
  readonly heldFromClients: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  server: Socket;
  dead: boolean;
  heldUp: Buffer[];
  heldDown: Buffer[];
  /** The start of what the client sent, as latin1, for `loseSilently`. */
  sent: string;
  loseNextReply?: () => void;
}

export async function startTcpFaultProxy(targetPort: number): Promise<TcpFaultProxy> {
  const pairs = new Set<Pair>();
  let holes = false;
  const watches: { text: string; done: (chunk: string) => void }[] = [];

  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, "127.0.0.1");
    const pair: Pair = {
      client,
      server: upstream,
      dead: false,
      heldUp: [],
      heldDown: [],
      sent: "",
    };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
    client.on("close", end);
    upstream.on("close", end);
    client.on("data", (chunk: Buffer) => {
      if (pair.dead) return;
      if (holes) {
        pair.heldUp.push(chunk);
        return;
      }
      const text = chunk.toString("latin1");
      // Enough to hold a request's first line; a long-lived Redis connection keeps no more.
      if (pair.sent.length < 4096) pair.sent += text;
      const watch = watches.find((candidate) => text.includes(candidate.text));
      if (watch) {
        watches.splice(watches.indexOf(watch), 1);
        pair.loseNextReply = () => {
          watch.done(text);
          end();
        };
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (pair.dead) return;
      if (pair.loseNextReply) {
        pair.loseNextReply();
        return;
      }
      if (holes) {
        pair.heldDown.push(chunk);
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    blackhole() {
      holes = true;
    },
    heal(old) {
      holes = false;
      for (const pair of pairs) {
        if (old === "dead") {
          pair.dead = true;
          pair.heldUp = [];
          pair.heldDown = [];
          continue;
        }
        for (const chunk of pair.heldUp.splice(0)) pair.server.write(chunk);
        for (const chunk of pair.heldDown.splice(0)) pair.client.write(chunk);
      }
    },
    resetAll() {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.server.destroy();
      }
    },
    loseSilently(text) {
      let lost = 0;
      for (const pair of pairs) {
        if (pair.dead || !pair.sent.includes(text)) continue;
        pair.dead = true;
        lost += 1;
      }
      return lost;
    },
    loseReplyAfter(text) {
      return new Promise((done) => watches.push({ text, done }));
    },
    get connections() {
      return pairs.size;
    },
    get heldFromClients() {
      let total = 0;
      for (const pair of pairs) for (const chunk of pair.heldUp) total += chunk.length;
      return total;
    },
    async close() {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.server.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
