import * as fs from "fs";
import * as failpoints from "./failpoints";
import { Journal, journalFile } from "./journal";
import { AppState } from "./state";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

jest.mock("./failpoints");
jest.mock("fs", () => { const real = jest.requireActual("fs"); return { ...real, fsyncSync: jest.fn(real.fsyncSync) }; });

let root: string;
beforeEach(() => { root = makeHostRoot("journal"); });
afterEach(() => removeHostRoot(root));

test("each phase is on the disk, synced, before the failpoint of that phase; clear removes it", async () => {
    const state = new AppState("shop");
    state.ensure();
    const fsync = jest.mocked(fs.fsyncSync);
    fsync.mockClear();
    const seen: unknown[] = [];
    jest.mocked(failpoints.failpoint).mockImplementation(async (app, phase) => {
        seen.push([app, phase, JSON.parse(fs.readFileSync(journalFile(state), "utf8")).phase, fsync.mock.calls.length >= 2]);
        fsync.mockClear();
    });
    const journal = Journal.begin(state, { version: 3, release: "v3", image: "x:1", previous: { version: 2, addresses: ["127.0.0.1:20001"] } });
    expect(fs.existsSync(journalFile(state))).toBe(false);
    await journal.enter("image");
    await journal.enter("switch", { web: ["w"], addresses: ["127.0.0.1:20002"], env: { SECRET: "s" } });
    await journal.enter("record");
    expect(seen).toEqual([["shop", "image", "image", true], ["shop", "switch", "switch", true], ["shop", "record", "record", true]]);
    // What recovery needs stays from phase to phase; the config makes the file root's alone.
    expect(Journal.read(state)?.entry).toEqual({ phase: "record", version: 3, release: "v3", image: "x:1",
        previous: { version: 2, addresses: ["127.0.0.1:20001"] }, web: ["w"], addresses: ["127.0.0.1:20002"], env: { SECRET: "s" } });
    expect((fs.statSync(journalFile(state)).mode & 0o777).toString(8)).toBe("600");
    journal.clear();
    expect(Journal.read(state)).toBeUndefined();
    expect(fs.readdirSync(state.dir)).toEqual([]);
});

test("a journal of an unknown phase or without a version is not one", () => {
    const state = new AppState("shop");
    state.ensure();
    fs.writeFileSync(journalFile(state), JSON.stringify({ phase: "dance", version: 1 }));
    expect(Journal.read(state)).toBeUndefined();
    fs.writeFileSync(journalFile(state), JSON.stringify({ phase: "image" }));
    expect(Journal.read(state)).toBeUndefined();
});
