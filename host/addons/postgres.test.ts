import * as os from "os";
import * as path from "path";
import { Client, escapeIdentifier, escapeLiteral } from "pg";
import { HostError } from "../output";
import { AdminConnection, adminConfig, createPostgres, dropPostgres, openDatabases, restrictDatabases, withAdmin } from "./postgres";

/** A connection that records each statement and its parameters; ROWS answers, FAILS refuses. */
function fake(rows: (text: string) => unknown[] = () => [], fails: (text: string) => boolean = () => false) {
    const log: { text: string; values?: unknown[] }[] = [];
    const state = { ended: false };
    const client: AdminConnection = {
        async query(text, values) {
            if (state.ended) throw new Error("query after end");
            if (fails(text)) throw new Error("permission denied to create role");
            log.push(values === undefined ? { text } : { text, values });
            return { rows: rows(text) };
        },
        // The real client's quoting, so the statements below are what the server would get.
        escapeIdentifier, escapeLiteral,
        async end() { state.ended = true; },
    };
    return { log, state, connect: async () => client };
}

const password = "Sup3rSecretPassw0rdX";

test("connects as the superuser over the unix socket", () => {
    expect(adminConfig).toEqual({ host: "/var/run/postgresql", user: "postgres", database: "postgres" });
});

test("create: role, password, database and revoke, after the log setting, with the name as a parameter", async () => {
    const f = fake();
    await createPostgres("shop", password, f.connect);
    expect(f.log).toEqual([
        { text: "SET log_min_error_statement = panic" },
        { text: "SELECT 1 FROM pg_roles WHERE rolname = $1", values: ["shop"] },
        { text: `CREATE ROLE "shop" LOGIN` },
        { text: `ALTER ROLE "shop" LOGIN PASSWORD '${password}'` },
        { text: "SELECT 1 FROM pg_database WHERE datname = $1", values: ["shop"] },
        { text: `CREATE DATABASE "shop" OWNER "shop"` },
        { text: `REVOKE ALL ON DATABASE "shop" FROM PUBLIC` },
        { text: `GRANT CONNECT, TEMPORARY ON DATABASE "shop" TO "shop"` },
    ]);
    expect(f.state.ended).toBe(true);
});

test("create again: an existing role and database are kept, the password set anew", async () => {
    const f = fake(() => [{ "?column?": 1 }]);
    await createPostgres("shop", password, f.connect);
    expect(f.log.map(s => s.text)).toEqual([
        "SET log_min_error_statement = panic",
        "SELECT 1 FROM pg_roles WHERE rolname = $1",
        `ALTER ROLE "shop" LOGIN PASSWORD '${password}'`,
        "SELECT 1 FROM pg_database WHERE datname = $1",
        `REVOKE ALL ON DATABASE "shop" FROM PUBLIC`,
        `GRANT CONNECT, TEMPORARY ON DATABASE "shop" TO "shop"`,
    ]);
});

test("identifiers and the password literal are quoted by the client, whatever they hold", async () => {
    const f = fake();
    await createPostgres(`a"b`, "x'; DROP ROLE postgres; --", f.connect);
    expect(f.log).toContainEqual({ text: "SELECT 1 FROM pg_roles WHERE rolname = $1", values: [`a"b`] });
    expect(f.log).toContainEqual({ text: `CREATE ROLE "a""b" LOGIN` });
    expect(f.log).toContainEqual({ text: `ALTER ROLE "a""b" LOGIN PASSWORD 'x''; DROP ROLE postgres; --'` });
    expect(f.log).toContainEqual({ text: `CREATE DATABASE "a""b" OWNER "a""b"` });
    const backslash = fake();
    await createPostgres("shop", "x\\'y", backslash.connect);
    expect(backslash.log).toContainEqual({ text: `ALTER ROLE "shop" LOGIN PASSWORD  E'x\\\\''y'` });
});

test("drop: the database with its connections ended, then the role", async () => {
    const f = fake();
    await dropPostgres(`shop"; DROP TABLE x; --`, f.connect);
    expect(f.log).toEqual([
        { text: "SET log_min_error_statement = panic" },
        { text: `DROP DATABASE IF EXISTS "shop""; DROP TABLE x; --" WITH (FORCE)` },
        { text: `DROP ROLE IF EXISTS "shop""; DROP TABLE x; --"` },
    ]);
    expect(f.state.ended).toBe(true);
});

test("a failing statement stops the rest, closes the connection and names postgres", async () => {
    const f = fake(() => [], text => text.startsWith("CREATE ROLE"));
    await expect(createPostgres("shop", password, f.connect)).rejects.toThrow(new HostError("postgres: permission denied to create role"));
    expect(f.log.map(s => s.text)).toEqual(["SET log_min_error_statement = panic", "SELECT 1 FROM pg_roles WHERE rolname = $1"]);
    expect(f.state.ended).toBe(true);
});

test("a server that is not there fails at once, by name", async () => {
    const socketDir = path.join(os.tmpdir(), `paas-no-postgres-${process.pid}`);
    const connect = async () => {
        const client = new Client({ host: socketDir, user: "postgres", database: "postgres", connectionTimeoutMillis: 2000 });
        await client.connect();
        return client;
    };
    await expect(withAdmin(async () => 1, connect)).rejects.toThrow(/^postgres: connect ENOENT .*\.s\.PGSQL\.5432$/);
});

test("restricting: every database PUBLIC may connect to is closed to it, its owner keeping CONNECT; none open, nothing done", async () => {
    const f = fake(text => text === openDatabases ? [{ datname: "postgres", owner: "postgres" }, { datname: `we"ird`, owner: "shop" }] : []);
    expect(await restrictDatabases(f.connect)).toEqual(["postgres", `we"ird`]);
    expect(f.log.map(s => s.text)).toEqual([
        "SET log_min_error_statement = panic",
        openDatabases,
        `REVOKE ALL ON DATABASE "postgres" FROM PUBLIC`,
        `GRANT CONNECT, TEMPORARY ON DATABASE "postgres" TO "postgres"`,
        `REVOKE ALL ON DATABASE "we""ird" FROM PUBLIC`,
        `GRANT CONNECT, TEMPORARY ON DATABASE "we""ird" TO "shop"`,
    ]);
    const none = fake();
    expect(await restrictDatabases(none.connect)).toEqual([]);
    expect(none.log.map(s => s.text)).toEqual(["SET log_min_error_statement = panic", openDatabases]);
});

