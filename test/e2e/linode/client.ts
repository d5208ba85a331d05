// Plain-HTTP calls to the fake Linode API, made the way linodego makes them for the provider:
// bearer token, JSON bodies, X-Filter on lists, and its two ways of waiting (status polls and the
// event poller: note the events before the action, then wait for the new one to finish).
import { FakeLinode } from "../../fake-linode/server";

export interface Answer {
    status: number;
    /** The JSON answer; tests read arbitrary fields of it. */
    body: any;
}

export interface CallOptions {
    filter?: object;
    token?: string | null;
    rawBody?: string;
}

export class LinodeClient {
    constructor(private readonly api: FakeLinode, private readonly token = "test-token") {}

    async call(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Answer> {
        const token = opts.token === undefined ? this.token : opts.token;
        const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "linodego-test" };
        if (token !== null) headers.Authorization = `Bearer ${token}`;
        if (opts.filter) headers["X-Filter"] = JSON.stringify(opts.filter);
        const res = await fetch(`${this.api.url}${path}`, {
            method, headers, body: opts.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
        });
        return { status: res.status, body: await res.json() };
    }

    get = (path: string, opts?: CallOptions) => this.call("GET", path, undefined, opts);
    post = (path: string, body?: unknown) => this.call("POST", path, body ?? {});
    put = (path: string, body: unknown) => this.call("PUT", path, body);
    delete = (path: string) => this.call("DELETE", path);

    /** WaitForInstanceStatus: polls the instance; returns every status it saw. */
    async waitForStatus(instanceId: number, status: string, maxPolls = 10): Promise<string[]> {
        const seen: string[] = [];
        for (let n = 0; n < maxPolls; n++) {
            const r = await this.get(`/linode/instances/${instanceId}`);
            if (r.status !== 200) throw new Error(`GET instance ${instanceId}: ${r.status} ${JSON.stringify(r.body)}`);
            seen.push(r.body.status);
            if (r.body.status === status) return seen;
        }
        throw new Error(`instance ${instanceId} never reached ${status}: saw ${seen.join(", ")}`);
    }

    private eventFilter(entityType: string, entityId: number, action: string): object {
        return { "+and": [{ "entity.type": entityType }, { "entity.id": entityId }, { action }], "+order_by": "created", "+order": "desc" };
    }

    /** The event poller: call before the action, then `wait()` after it for its event to finish. */
    async eventPoller(entityType: string, entityId: number, action: string): Promise<{ wait(): Promise<Answer["body"]> }> {
        const filter = this.eventFilter(entityType, entityId, action);
        const before = new Set<number>((await this.get("/account/events?page=1", { filter })).body.data.map((e: { id: number }) => e.id));
        return {
            wait: async () => {
                for (let n = 0; n < 10; n++) {
                    const fresh = (await this.get("/account/events?page=1", { filter })).body.data.find((e: { id: number }) => !before.has(e.id));
                    if (!fresh) continue;
                    for (let m = 0; m < 10; m++) {
                        const event = (await this.get(`/account/events/${fresh.id}`)).body;
                        if (event.status === "finished") return event;
                        if (event.status === "failed") throw new Error(`event ${fresh.id} failed`);
                    }
                }
                throw new Error(`no ${action} event finished for ${entityType} ${entityId}`);
            },
        };
    }
}
