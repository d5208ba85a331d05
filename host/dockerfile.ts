// The images a Dockerfile makes its build read, as Docker's builder reads the file: its `FROM`
// lines (any stage), `COPY --from=` and `ADD --from=`, and `RUN --mount=...,from=`, each with
// its line, so that a build can be refused before it starts. Pure.
import { fail } from "./output";

/** One instruction: the line it starts on, its keyword (upper case) and the rest as written. */
export interface Instruction {
    readonly line: number;
    readonly keyword: string;
    readonly rest: string;
}

/** An image the build reads. */
export interface ImageUse {
    readonly line: number;
    /** How the Dockerfile names it, for messages: `FROM paas/blog:1`, `COPY --from=paas/blog:1`. */
    readonly instruction: string;
    readonly image: string;
    /** A FROM: the build also runs the image's ONBUILD triggers. */
    readonly base: boolean;
    /** The stage names defined before it (lower case), which a trigger may name. */
    readonly stages: readonly string[];
}

/** The instructions of TEXT: parser directives read (`# escape=`), comments dropped, continued lines joined. */
export function instructions(text: string): Instruction[] {
    const lines = text.replace(/\r\n/g, "\n").split("\n");
    let escape = "\\";
    let n = 0;
    // Parser directives come first, before any comment, blank line or instruction.
    for (; n < lines.length; n++) {
        const d = /^#\s*([a-zA-Z]+)\s*=\s*(\S*)\s*$/.exec(lines[n]);
        if (!d) break;
        if (d[1].toLowerCase() === "escape" && (d[2] === "`" || d[2] === "\\")) escape = d[2];
    }
    const out: Instruction[] = [];
    let start = 0, joined: string | undefined;
    for (; n < lines.length; n++) {
        const raw = lines[n];
        if (joined === undefined && /^\s*(#|$)/.test(raw)) continue;
        // Comment and blank lines inside a continued instruction are skipped too.
        if (joined !== undefined && /^\s*(#|$)/.test(raw)) continue;
        const trimmed = raw.replace(/\s+$/, "");
        const continues = trimmed.endsWith(escape);
        const part = continues ? trimmed.slice(0, -1) : raw;
        if (joined === undefined) { start = n + 1; joined = part; } else joined += part;
        if (continues) continue;
        const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(joined);
        if (m) out.push({ line: start, keyword: m[1].toUpperCase(), rest: m[2].trim() });
        joined = undefined;
    }
    if (joined !== undefined) {
        const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(joined);
        if (m) out.push({ line: start, keyword: m[1].toUpperCase(), rest: m[2].trim() });
    }
    return out;
}

/** The leading `--name=value` flags of an instruction's arguments, and the words after them. */
function flagsAndWords(rest: string): { flags: [string, string][]; words: string[] } {
    const words = rest.split(/\s+/).filter(Boolean);
    const flags: [string, string][] = [];
    while (words.length > 0 && words[0].startsWith("--")) {
        const word = words.shift()!;
        const eq = word.indexOf("=");
        flags.push(eq < 0 ? [word.slice(2).toLowerCase(), ""] : [word.slice(2, eq).toLowerCase(), word.slice(eq + 1)]);
    }
    return { flags, words };
}

/** VALUE with the ARGs declared before the first FROM put in, as Docker does in FROM lines:
 * `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alternative}`. Any other form is refused. */
function substitute(value: string, args: Map<string, string>, where: string): string {
    const out = value.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
        (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
            if (whole === "\\$") return "\0";
            const v = args.get((braced ?? bare)!) ?? "";
            if (op === "-") return v !== "" ? v : word!;
            if (op === "+") return v !== "" ? word! : "";
            return v;
        });
    if (out.includes("$")) fail(`${where}: names its image with a variable the platform cannot read; write the image's name`);
    return out.replace(/\0/g, "$");
}

/** The images of a FROM line, a COPY or ADD with --from and a RUN with --mount's from=,
 * among the INSTRUCTIONS of one Dockerfile (a base image's ONBUILD triggers included, read
 * with {@link triggerUses}). Stage names and numbers are the build's own, not images. */
export function imageUses(list: readonly Instruction[]): ImageUse[] {
    const args = new Map<string, string>();
    const stages: string[] = [];
    let stageCount = 0;
    const uses: ImageUse[] = [];
    for (const ins of list) {
        const where = `Dockerfile line ${ins.line}`;
        if (ins.keyword === "ARG" && stageCount === 0) {
            for (const word of ins.rest.split(/\s+/).filter(Boolean)) {
                const eq = word.indexOf("=");
                if (eq < 0) args.set(word, args.get(word) ?? "");
                else args.set(word.slice(0, eq), word.slice(eq + 1).replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1"));
            }
        } else if (ins.keyword === "FROM") {
            const { words } = flagsAndWords(ins.rest);
            if (words.length === 0) fail(`${where}: FROM names no image`);
            const image = substitute(words[0], args, where);
            const known = stages.slice();
            if (!isStage(image, known, stageCount)) uses.push({ line: ins.line, instruction: `FROM ${words[0]}`, image, base: true, stages: known });
            stages.push(words.length >= 3 && words[1].toUpperCase() === "AS" ? words[2].toLowerCase() : "");
            stageCount++;
        } else {
            uses.push(...sourceUses(ins, stages.slice(), stageCount));
        }
    }
    return uses;
}

/** The images an ONBUILD TRIGGER of a base image reads (`COPY --from=...`), run in a build at
 * the FROM of line LINE, after the stages STAGES. */
export function triggerUses(trigger: string, line: number, stages: readonly string[]): ImageUse[] {
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(trigger);
    if (!m) return [];
    return sourceUses({ line, keyword: m[1].toUpperCase(), rest: m[2].trim() }, stages, stages.length)
        .map(u => ({ ...u, instruction: `${u.instruction} (an ONBUILD trigger of its base image)` }));
}

/** The images COPY/ADD --from and RUN --mount from= of INS name. */
function sourceUses(ins: Instruction, stages: readonly string[], stageCount: number): ImageUse[] {
    const where = `Dockerfile line ${ins.line}`;
    const { flags } = flagsAndWords(ins.rest);
    const named: [string, string][] = [];
    if (ins.keyword === "COPY" || ins.keyword === "ADD") {
        for (const [k, v] of flags) if (k === "from") named.push([`${ins.keyword} --from=${v}`, v]);
    } else if (ins.keyword === "RUN") {
        for (const [k, v] of flags) {
            if (k !== "mount") continue;
            for (const field of v.split(",")) {
                const eq = field.indexOf("=");
                if (eq > 0 && field.slice(0, eq).trim().toLowerCase() === "from") named.push([`RUN --mount=${v}`, field.slice(eq + 1).trim()]);
            }
        }
    }
    return named.flatMap(([instruction, image]) => {
        if (image.includes("$")) fail(`${where}: ${instruction}: names its image with a variable the platform cannot read; write the image's name`);
        return isStage(image, stages, stageCount) ? [] : [{ line: ins.line, instruction, image, base: false, stages }];
    });
}

/** Whether NAME is an earlier stage of the build (by name, any case, or by number), or scratch. */
function isStage(name: string, stages: readonly string[], stageCount: number): boolean {
    const lower = name.toLowerCase();
    if (lower === "scratch") return true;
    if (/^[0-9]+$/.test(name)) return Number(name) < stageCount;
    return stages.includes(lower);
}

/**
 * REFERENCE in full, as Docker reads a name: the registry (docker.io when the first part has
 * no `.` or `:` and is not localhost), `library/` for Docker Hub's official images, and the tag
 * (`latest` unless a tag or digest is given). `paas/blog:1` is `docker.io/paas/blog:1`.
 */
export function fullReference(reference: string): string {
    let ref = reference.toLowerCase().replace(/^index\.docker\.io\//, "docker.io/");
    const first = ref.split("/")[0];
    const hasRegistry = ref.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
    if (!hasRegistry) ref = `docker.io/${ref}`;
    const parts = ref.split("/");
    if (parts[0] === "docker.io" && parts.length === 2) ref = `docker.io/library/${parts[1]}`;
    const last = ref.split("/").pop()!;
    if (!last.includes(":") && !last.includes("@")) ref = `${ref}:latest`;
    return ref;
}

/** The repository of a full reference: `docker.io/paas/blog` of `docker.io/paas/blog:1`. */
export function repositoryOf(full: string): string {
    const at = full.indexOf("@");
    const noDigest = at < 0 ? full : full.slice(0, at);
    const slash = noDigest.lastIndexOf("/");
    const colon = noDigest.lastIndexOf(":");
    return colon > slash ? noDigest.slice(0, colon) : noDigest;
}
