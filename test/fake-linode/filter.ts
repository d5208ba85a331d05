// Linode's X-Filter header, as linodego writes it: an object of `field: value` (equality),
// `field: {"+gte": value}` and friends, `+and`/`+or` lists of such objects, and `+order_by`/`+order`.
// Fields may be dotted (`entity.id`); a scalar matches an array field when the array holds it (tags).
import { ApiError } from "./errors";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Filter = { [key: string]: Json };

const badFilter = (reason: string) => new ApiError(400, [{ reason: `Invalid X-Filter: ${reason}` }]);

export function parseFilter(header: string | undefined): Filter | undefined {
    if (header === undefined || header === "") return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(header);
    } catch {
        throw badFilter("not JSON");
    }
    check(parsed);
    return parsed as Filter;
}

const operators = ["+eq", "+neq", "+gt", "+gte", "+lt", "+lte", "+contains"];
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** Refuses a malformed filter up front, even when there is nothing to filter. */
function check(filter: unknown): void {
    if (!isObject(filter)) throw badFilter("not an object");
    for (const [key, value] of Object.entries(filter)) {
        if (key === "+order_by" || key === "+order") {
            if (typeof value !== "string" || (key === "+order" && value !== "asc" && value !== "desc")) throw badFilter(`bad ${key}`);
        } else if (key === "+and" || key === "+or") {
            if (!Array.isArray(value)) throw badFilter(`${key} needs a list`);
            value.forEach(check);
        } else if (key.startsWith("+")) {
            throw badFilter(`unknown operator ${key}`);
        } else if (isObject(value)) {
            for (const op of Object.keys(value)) if (!operators.includes(op)) throw badFilter(`unknown operator ${op}`);
        }
    }
}

function fieldOf(item: object, path: string): unknown {
    let v: unknown = item;
    for (const key of path.split(".")) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined;
    return v;
}

function compare(actual: unknown, op: string, expected: Json): boolean {
    if (Array.isArray(actual) && (op === "+eq" || op === "+contains")) return actual.some(a => compare(a, op, expected));
    switch (op) {
    case "+eq": return actual === expected;
    case "+neq": return actual !== expected;
    case "+contains": return typeof actual === "string" && typeof expected === "string" && actual.includes(expected);
    case "+gt": case "+gte": case "+lt": case "+lte": {
        if (actual === null || actual === undefined || expected === null || typeof expected === "object") return false;
        const a = actual as number | string, e = expected as number | string;
        return op === "+gt" ? a > e : op === "+gte" ? a >= e : op === "+lt" ? a < e : a <= e;
    }
    default: return false; // refused by check()
    }
}

function matches(item: object, filter: Filter): boolean {
    return Object.entries(filter).every(([key, value]) => {
        if (key === "+order_by" || key === "+order") return true;
        if (key === "+and" || key === "+or") {
            const parts = value as Filter[];
            return key === "+and" ? parts.every(p => matches(item, p)) : parts.some(p => matches(item, p));
        }
        const actual = fieldOf(item, key);
        if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            return Object.entries(value).every(([op, expected]) => compare(actual, op, expected));
        }
        return compare(actual, "+eq", value);
    });
}

/** The items the filter lets through, in its order (`+order_by`, `+order` asc|desc). */
export function applyFilter<T extends object>(items: T[], filter: Filter | undefined): T[] {
    if (!filter) return items;
    const out = items.filter(i => matches(i, filter));
    const orderBy = filter["+order_by"];
    if (typeof orderBy === "string") {
        const sign = filter["+order"] === "desc" ? -1 : 1;
        out.sort((a, b) => {
            const x = fieldOf(a, orderBy) as number | string, y = fieldOf(b, orderBy) as number | string;
            return x < y ? -sign : x > y ? sign : 0;
        });
    }
    return out;
}
