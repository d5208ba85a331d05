import { PassThrough } from "stream";
import { fail, HostError, indented, indenter } from "./output";
import { hideConfig } from "./redaction";

test("fail throws a HostError with the message alone", () => {
    expect(() => fail("app: bad")).toThrow(new HostError("app: bad"));
});

test("indented prefixes every line and keeps a single trailing newline", () => {
    expect(indented("a\nb\n")).toBe("       a\n       b\n");
    expect(indented("a")).toBe("       a\n");
});

test("indenter indents lines as they complete, across chunk boundaries", async () => {
    const out: string[] = [];
    const source = new PassThrough();
    const stream = source.pipe(indenter());
    stream.on("data", c => out.push(c.toString()));
    source.write("Step 1/2 ");
    source.write(": FROM x\nStep 2");
    source.end("/2\n");
    await new Promise(r => stream.on("end", r));
    expect(out.join("")).toBe("       Step 1/2 : FROM x\n       Step 2/2\n");
});

test("program output indented under the progress hides the config values named, also split across chunks", async () => {
    hideConfig({ API_KEY: "k3y-v4lue-ünïcode" });
    expect(indented("API_KEY=k3y-v4lue-ünïcode\n")).toBe("       API_KEY=[config API_KEY]\n");
    const out: string[] = [];
    const source = new PassThrough();
    const s = source.pipe(indenter());
    s.on("data", c => out.push(c.toString()));
    const bytes = Buffer.from("key k3y-v4lue-ünïcode end\n");
    const cut = bytes.indexOf(Buffer.from("ü")) + 1;
    source.write(bytes.subarray(0, cut));
    source.end(bytes.subarray(cut));
    await new Promise(r => s.on("end", r));
    expect(out.join("")).toBe("       key [config API_KEY] end\n");
});
