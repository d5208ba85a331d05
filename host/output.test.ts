import { PassThrough } from "stream";
import { fail, HostError, indented, indenter } from "./output";

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
