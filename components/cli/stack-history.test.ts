import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { appImages, configEdits, historyDir, listVersions } from "./stack-history";

describe("historyDir", () => {
    test("is the backend's history folder for the stack", () => {
        expect(historyDir("file:///var/state", "paas", "prod")).toBe("/var/state/.pulumi/history/paas/prod");
    });
    test("refuses a backend that is not a folder, naming the variable", () => {
        expect(() => historyDir("https://api.pulumi.com", "paas", "prod")).toThrow(/^PULUMI_BACKEND_URL: .*file:\/\//);
    });
});

describe("listVersions", () => {
    test("numbers updates from the oldest and pairs each with its checkpoint", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "history-"));
        const write = (id: string, startTime: number, result = "succeeded", checkpoint = true) => {
            fs.writeFileSync(path.join(dir, `prod-${id}.history.json`), JSON.stringify({ kind: "update", result, startTime, version: 0 }));
            if (checkpoint) fs.writeFileSync(path.join(dir, `prod-${id}.checkpoint.json`), "{}");
        };
        write("300", 300);
        write("100", 100, "failed", false);
        write("200", 200);
        const versions = listVersions(dir);
        expect(versions.map(v => [v.version, v.startTime, v.result])).toEqual([[1, 100, "failed"], [2, 200, "succeeded"], [3, 300, "succeeded"]]);
        expect(versions[0].checkpointFile).toBeUndefined();
        expect(versions[2].checkpointFile).toBe(path.join(dir, "prod-300.checkpoint.json"));
    });
    test("a stack with no history has no versions", () => {
        expect(listVersions("/nonexistent/history")).toEqual([]);
    });
});

describe("appImages", () => {
    test("reads the image of every App, by name, and nothing else", () => {
        const checkpoint = { checkpoint: { latest: { resources: [
            { type: "paas:index:App", urn: "urn:pulumi:prod::paas::paas:index:Platform$paas:index:App::shop", outputs: { image: "paas/shop:abc" } },
            { type: "paas:index:App", urn: "urn:pulumi:prod::paas::paas:index:App::blog", outputs: { image: "" } },
            { type: "command:remote:Command", urn: "urn:pulumi:prod::paas::command:remote:Command::x", outputs: { image: "nope" } },
        ] } } };
        expect(appImages(checkpoint)).toEqual({ shop: "paas/shop:abc" });
    });
});

describe("configEdits", () => {
    test("sets what differs, keeps what matches, removes what the target lacks", () => {
        const edits = configEdits(
            { "p:a": { value: "1" }, "p:b": { value: "x", secret: true }, "p:gone": { value: "z" } },
            { "p:a": { value: "1" }, "p:b": { value: "y", secret: true }, "p:new": { value: "n" } });
        expect(edits).toEqual({ set: { "p:b": { value: "y", secret: true }, "p:new": { value: "n", secret: false } }, remove: ["p:gone"] });
    });
    test("a value that became secret is set again as a secret", () => {
        expect(configEdits({ "p:a": { value: "1" } }, { "p:a": { value: "1", secret: true } }).set).toEqual({ "p:a": { value: "1", secret: true } });
    });
});
