// An add-on's PostgreSQL role and database, through the `pg` client as the superuser over the
// unix socket. Values reach SQL only as `$n` parameters or quoted by the client's own
// escapeIdentifier/escapeLiteral: never pasted into a statement as they are.
import { Client } from "pg";
import { fail, HostError } from "../output";

/** What the add-on code needs of a connection (a pg Client; a fake in the unit tests). */
export interface Queryable {
    query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
    escapeIdentifier(value: string): string;
    escapeLiteral(value: string): string;
}

export interface AdminConnection extends Queryable {
    end(): Promise<void>;
}

export type Connect = () => Promise<AdminConnection>;

/**
 * The superuser over the socket: peer authentication, which the bootstrap's pg_ident map `paas`
 * lets root (the runtime) use as role postgres.
 */
export const adminConfig = { host: "/var/run/postgresql", user: "postgres", database: "postgres" } as const;

export async function defaultConnect(): Promise<AdminConnection> {
    const client = new Client({ ...adminConfig, application_name: "paas", connectionTimeoutMillis: 10_000 });
    // Errors of a query reject it; without a listener, one on an idle connection would crash the process.
    client.on("error", () => undefined);
    await client.connect();
    return client;
}

// The message alone: not `instanceof Error`, which Node's own errors fail in another realm (jest).
const errorMessage = (e: unknown) => typeof (e as Error | undefined)?.message === "string" ? (e as Error).message : String(e);

/** Runs BODY on an admin connection, closed afterwards; any error is `postgres: <message>`. */
export async function withAdmin<T>(body: (c: Queryable) => Promise<T>, connect: Connect = defaultConnect): Promise<T> {
    let client: AdminConnection | undefined;
    try {
        client = await connect();
        // A failing statement is not written to the server log, where it could show the password.
        await client.query("SET log_min_error_statement = panic");
        return await body(client);
    } catch (e) {
        if (e instanceof HostError) throw e;
        return fail(`postgres: ${errorMessage(e)}`);
    } finally {
        await client?.end().catch(() => undefined);
    }
}

const exists = async (c: Queryable, sql: string, value: string) => (await c.query(sql, [value])).rows.length > 0;

/** Role NAME (LOGIN, with PASSWORD) and database NAME owned by it, created when missing. */
export async function createPostgres(name: string, password: string, connect: Connect = defaultConnect): Promise<void> {
    await withAdmin(async c => {
        const id = c.escapeIdentifier(name);
        if (!await exists(c, "SELECT 1 FROM pg_roles WHERE rolname = $1", name)) await c.query(`CREATE ROLE ${id} LOGIN`);
        // The password is set every time: a rotated one takes effect on the next create.
        await c.query(`ALTER ROLE ${id} LOGIN PASSWORD ${c.escapeLiteral(password)}`);
        // CREATE DATABASE cannot run in a transaction: each statement here is its own.
        if (!await exists(c, "SELECT 1 FROM pg_database WHERE datname = $1", name)) await c.query(`CREATE DATABASE ${id} OWNER ${id}`);
        // Its role connects to it, and no other (postgres and template1 are closed by restrictDatabases).
        await c.query(`REVOKE ALL ON DATABASE ${id} FROM PUBLIC`);
        await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${id} TO ${id}`);
    }, connect);
}

/** The databases that take connections and that PUBLIC (every role) may connect to. */
export const openDatabases = "SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database " +
    "WHERE datallowconn AND has_database_privilege('public', oid, 'CONNECT') ORDER BY datname";

/**
 * PUBLIC's rights on every database that takes connections taken away (postgres, template1, an
 * add-on's database an earlier version made, one made by hand), its owner keeping CONNECT, so
 * that each app role reaches its own database only; returns the databases changed.
 */
export async function restrictDatabases(connect: Connect = defaultConnect): Promise<string[]> {
    return withAdmin(async c => {
        const open = (await c.query(openDatabases)).rows as { datname: string; owner: string }[];
        for (const { datname, owner } of open) {
            await c.query(`REVOKE ALL ON DATABASE ${c.escapeIdentifier(datname)} FROM PUBLIC`);
            await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${c.escapeIdentifier(datname)} TO ${c.escapeIdentifier(owner)}`);
        }
        return open.map(d => d.datname);
    }, connect);
}

/** Database NAME (its connections ended) and role NAME dropped; nothing when they are not there. */
export async function dropPostgres(name: string, connect: Connect = defaultConnect): Promise<void> {
    await withAdmin(async c => {
        const id = c.escapeIdentifier(name);
        await c.query(`DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS ${id}`);
    }, connect);
}
