// What every route of the fake shares: Linode's error answers, request validation with
// @linode/validation's schemas, the route table, and paginated (and X-Filtered) lists.
import { ApiError, invalid, notFound } from "./errors";
import { applyFilter, parseFilter } from "./filter";

export { ApiError, invalid, notFound } from "./errors";
export type { FieldError } from "./errors";

/** The part of a yup schema the fake uses (every @linode/validation export is one). */
interface Schema<T> {
    validate(value: unknown, options?: { abortEarly?: boolean; strict?: boolean }): Promise<T>;
}

interface YupError {
    name: "ValidationError";
    path?: string;
    message: string;
    inner?: YupError[];
}
const isYupError = (e: unknown): e is YupError => e instanceof Error && e.name === "ValidationError";

/**
 * Checks a request body with one of Linode's own schemas, strictly (no type coercion: the API
 * refuses a number where it wants a string), and answers every failure as a 400 field error.
 */
export async function validate<T>(schema: Schema<T>, body: unknown): Promise<T> {
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw invalid(undefined, "Request body must be a JSON object");
    try {
        return await schema.validate(body, { abortEarly: false, strict: true });
    } catch (e) {
        if (!isYupError(e)) throw e;
        const all = e.inner?.length ? e.inner : [e];
        throw new ApiError(400, all.map(i => (i.path ? { field: i.path, reason: i.message } : { reason: i.message })));
    }
}

/** A parsed request, as a route handler sees it. */
export interface Request {
    method: string;
    path: string;
    params: Record<string, string>;
    query: URLSearchParams;
    /** The raw X-Filter header, if any. */
    filter?: string;
    body: unknown;
}

export type Handler = (req: Request) => unknown;

export interface Route {
    method: string;
    segments: string[];
    handler: Handler;
}

/** A route such as `route("GET", "/linode/instances/:id", handler)`; paths are relative to /v4. */
export const route = (method: string, path: string, handler: Handler): Route =>
    ({ method, segments: path.split("/").filter(Boolean), handler });

/** Matches decoded path segments (so `images/linode%2Fdebian12` is the one id `linode/debian12`). */
export function match(routes: Route[], method: string, segments: string[]): { route: Route; params: Record<string, string> } | "wrong-method" | undefined {
    let methodMismatch = false;
    for (const r of routes) {
        if (r.segments.length !== segments.length) continue;
        const params: Record<string, string> = {};
        const ok = r.segments.every((s, i) => {
            if (s.startsWith(":")) return (params[s.slice(1)] = segments[i]) !== "";
            return s === segments[i];
        });
        if (!ok) continue;
        if (r.method === method) return { route: r, params };
        methodMismatch = true;
    }
    return methodMismatch ? "wrong-method" : undefined;
}

/** Linode's list envelope. */
export interface Page<T> {
    data: T[];
    page: number;
    pages: number;
    results: number;
}

/**
 * Filters (X-Filter), orders and paginates (`page`, `page_size` 25..500, default 100) like Linode.
 * Linode's pagination guide (https://techdocs.akamai.com/linode-api/reference/pagination) gives
 * page_size a range but page none: a page past the last is answered, empty (Linode's Terraform
 * provider asks for page 100 of /linode/types on every configure), and a page beyond
 * 2^64/page_size is the last one.
 */
export function list<T extends object>(items: Iterable<T>, req: Request): Page<T> {
    const filtered = applyFilter([...items], parseFilter(req.filter));
    const pageSize = req.query.has("page_size") ? Number(req.query.get("page_size")) : 100;
    if (!Number.isInteger(pageSize) || pageSize < 25 || pageSize > 500) throw invalid("page_size", "Must be 25-500");
    let page = req.query.has("page") ? Number(req.query.get("page")) : 1;
    const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
    if (!Number.isInteger(page) || page < 1) throw invalid("page", "Must be a positive whole number");
    if (page > 2 ** 64 / pageSize) page = pages;
    return { data: filtered.slice((page - 1) * pageSize, page * pageSize), page, pages, results: filtered.length };
}

/** A numeric path parameter; anything else is an id that cannot exist. */
export function id(req: Request, name = "id"): number {
    const n = Number(req.params[name]);
    if (!Number.isSafeInteger(n) || n <= 0) throw notFound();
    return n;
}

/** Gets an entity by id or answers 404. */
export function find<T>(map: Map<number, T>, key: number): T {
    const item = map.get(key);
    if (item === undefined) throw notFound();
    return item;
}
