// How the runtime talks to whoever runs it: progress lines on stdout (`-----> ...`, Heroku's
// style), program output indented under them, and one line on stderr for a refusal. Program
// output (builds, release commands, container logs) has the app's config values hidden
// (redaction.ts); progress and result lines are the platform's own words, names and numbers.
import { StringDecoder } from "string_decoder";
import { Transform } from "stream";
import { redact } from "./redaction";

/** A refusal or a failure: its message is printed alone on stderr and the command exits 1. */
export class HostError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "HostError";
    }
}

/** For a command that must run to its end once started (the release engine): output nobody
 * reads any more (the SSH session was cut, the pipe closed) is dropped instead of stopping it,
 * and a hangup does not stop it either. */
export function keepRunningWithoutReader(): void {
    process.stdout.on("error", () => undefined);
    process.stderr.on("error", () => undefined);
    process.on("SIGHUP", () => undefined);
    process.on("SIGPIPE", () => undefined);
}

/** Stops the command with MESSAGE. */
export function fail(message: string): never {
    throw new HostError(message);
}

/** A progress line (of names, numbers and fixed words: never a config value). */
export function say(line: string): void {
    process.stdout.write(`-----> ${line}\n`);
}

/** A plain line on stdout (results the components and tests read, such as `released v3 ...`). */
export function print(line: string): void {
    process.stdout.write(`${line}\n`);
}

export const indentPrefix = "       ";

/** TEXT with every line indented under the progress line before it. */
export function indented(text: string): string {
    return text.split("\n").filter((line, n, all) => line !== "" || n < all.length - 1).map(line => redact(`${indentPrefix}${line}\n`)).join("");
}

/** A stream that indents every line passing through it, as soon as the line is complete. */
export function indenter(): Transform {
    let partial = "";
    // A character split between two chunks is decoded whole, so a hidden value in it still matches.
    const decoder = new StringDecoder("utf8");
    return new Transform({
        transform(chunk: Buffer, _encoding, done) {
            const lines = (partial + decoder.write(chunk)).split("\n");
            partial = lines.pop() ?? "";
            done(null, lines.map(l => redact(`${indentPrefix}${l}\n`)).join(""));
        },
        flush(done) {
            partial += decoder.end();
            done(null, partial === "" ? "" : redact(`${indentPrefix}${partial}\n`));
        },
    });
}
