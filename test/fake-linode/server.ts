// A stateful fake of Linode's API v4 on loopback, for tests of the prod stack. Request bodies are
// checked with Linode's own schemas (@linode/validation) and refused as Linode refuses them:
// HTTP 400 with `{"errors": [{"field", "reason"}]}`; unknown ids are 404, a missing token 401.
// Each Linode area has its routes in its own file; this one serves and records them.
import * as http from "http";
import { AddressInfo } from "net";
import { accountRoutes } from "./account";
import { ApiError, FieldError, match, Route } from "./api";
import { catalogRoutes } from "./catalog";
import { domainRoutes } from "./domains";
import { firewallRoutes } from "./firewalls";
import { instanceRoutes } from "./instances";
import { State } from "./state";

export { State } from "./state";

/** A request the fake received, and what it answered. */
export interface RecordedRequest {
    method: string;
    /** Path as sent, without the query, such as `/v4/linode/instances/1001`. */
    path: string;
    query: string;
    /** The X-Filter header, if any. */
    filter?: string;
    /** The parsed JSON body (undefined when there was none). */
    body: unknown;
    status: number;
    /** Whether the request was accepted; false with `errors` when it was refused. */
    valid: boolean;
    errors?: FieldError[];
    /** The JSON answer. */
    response: unknown;
}

export interface FakeLinodeOptions {
    /**
     * The public IPv4 addresses Linodes get, in order: each new Linode, and each one moved to
     * another region, takes the next. Past the list (by default from the start) they are
     * 127.0.0.2, 127.0.0.3, ... so that a test can serve whatever a Linode's address should
     * answer (SSH, HTTP) on that loopback address.
     */
    ipv4Pool?: string[];
    /** When set, the only bearer token accepted; otherwise any is. */
    token?: string;
    /**
     * How many polls (of the instance or of its events) see a long-running action still in
     * progress before it finishes; default 1, so a poller sees `provisioning` then `running`.
     */
    busyPolls?: number;
}

export interface FakeLinode {
    /**
     * The API's root, such as http://127.0.0.1:PORT, as https://api.linode.com is Linode's: the
     * provider's `linode:url`. Routes sit under `/v4` (linodego appends the API version).
     */
    url: string;
    requests: RecordedRequest[];
    /** The fake's objects, for assertions. */
    state: State;
    stop(): Promise<void>;
}

/** The next public IPv4 address: the pool's, then 127.0.0.2 and up, skipping those in the pool. */
function addresses(pool: string[]): () => string {
    let n = 0, next = 2;
    return () => {
        if (n < pool.length) return pool[n++];
        let a: string;
        do a = `127.0.0.${next++}`; while (pool.includes(a));
        return a;
    };
}

export async function startFakeLinode(opts: FakeLinodeOptions = {}): Promise<FakeLinode> {
    const state = new State(opts.busyPolls ?? 1);
    const routes: Route[] = [
        ...catalogRoutes(), ...accountRoutes(state), ...instanceRoutes(state, addresses(opts.ipv4Pool ?? [])),
        ...firewallRoutes(state), ...domainRoutes(state),
    ];
    const requests: RecordedRequest[] = [];

    async function answer(req: http.IncomingMessage, text: string): Promise<{ status: number; payload: unknown; body: unknown }> {
        const url = new URL(req.url ?? "/", "http://localhost");
        const method = req.method ?? "GET";
        let body: unknown;
        try {
            const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
            if (!token || (opts.token !== undefined && token !== opts.token)) throw new ApiError(401, [{ reason: "Invalid Token" }]);
            try {
                body = text ? JSON.parse(text) : undefined;
            } catch {
                throw new ApiError(400, [{ reason: "Invalid JSON" }]);
            }
            const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
            if (segments.shift() !== "v4") throw new ApiError(404, [{ reason: "Not found" }]);
            const found = match(routes, method, segments);
            if (found === undefined) throw new ApiError(404, [{ reason: "Not found" }]);
            if (found === "wrong-method") throw new ApiError(405, [{ reason: "Method Not Allowed" }]);
            const filter = req.headers["x-filter"];
            const payload = await found.route.handler({
                method, path: url.pathname, params: found.params, query: url.searchParams, body,
                filter: Array.isArray(filter) ? filter[0] : filter,
            });
            return { status: 200, payload, body };
        } catch (e) {
            if (e instanceof ApiError) return { status: e.status, payload: { errors: e.errors }, body };
            return { status: 500, payload: { errors: [{ reason: e instanceof Error ? e.message : String(e) }] }, body };
        }
    }

    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            void answer(req, Buffer.concat(chunks).toString("utf8")).then(({ status, payload, body }) => {
                const url = new URL(req.url ?? "/", "http://localhost");
                const filter = req.headers["x-filter"];
                // A snapshot, so later changes to the state do not rewrite what was answered.
                const response: unknown = JSON.parse(JSON.stringify(payload));
                requests.push({
                    method: req.method ?? "GET", path: url.pathname, query: url.search, body, status, valid: status < 400, response,
                    ...(typeof filter === "string" ? { filter } : {}),
                    ...(status >= 400 ? { errors: (response as { errors: FieldError[] }).errors } : {}),
                });
                res.writeHead(status, { "Content-Type": "application/json" });
                res.end(JSON.stringify(response));
            });
        });
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`, requests, state,
        stop: () => new Promise<void>((resolve, reject) => {
            server.closeAllConnections();
            server.close(err => (err ? reject(err) : resolve()));
        }),
    };
}
