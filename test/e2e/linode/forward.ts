// A TCP forwarder: it makes a loopback address stand for a Linode's public address by passing
// that address's ports (SSH, HTTP) through to the local host's published ports.
import * as net from "net";

export interface Forwarder {
    close(): Promise<void>;
}

/** Listens on ADDRESS:PORT for each [port, target] and passes each connection to 127.0.0.1:target. */
export async function forward(address: string, ports: [number, number][]): Promise<Forwarder> {
    const servers: net.Server[] = [];
    const sockets = new Set<net.Socket>();
    for (const [port, target] of ports) {
        const server = net.createServer(client => {
            const upstream = net.connect(target, "127.0.0.1");
            for (const s of [client, upstream]) {
                sockets.add(s);
                s.on("close", () => sockets.delete(s));
                s.on("error", () => { client.destroy(); upstream.destroy(); });
            }
            client.pipe(upstream).pipe(client);
        });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(port, address, resolve);
        });
        servers.push(server);
    }
    return {
        close: async () => {
            for (const s of sockets) s.destroy();
            await Promise.all(servers.map(s => new Promise<void>(resolve => s.close(() => resolve()))));
        },
    };
}
