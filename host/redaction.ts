// Config values and add-on credentials never show in what the runtime prints (build, release
// command, a failed release's logs, progress), however an app prints them: the release engine
// names the config it reads (`hideConfig`), and output.ts passes every line through `redact`
// before writing it. A value shows as `[config NAME]`, a URL's password as `[config NAME password]`.

/** Values (and lines of a value) shorter than this are not hidden: `1`, `true`, `5000` or `info`
 * would blank out every such digit and word in a build's output, and a secret that short is
 * guessed anyway. */
export const minHiddenLength = 8;

/** One text to hide and what shows in its place. */
export interface Hidden {
    readonly text: string;
    readonly label: string;
}

/** The base64 text of VALUE wherever it starts in a longer encoded stream: for each of the three
 * byte alignments, the encoding of the bytes that fill whole 3-byte groups there. */
export function base64Cores(value: string): string[] {
    const bytes = Buffer.from(value, "utf8");
    const cores: string[] = [];
    for (let start = 0; start < 3; start++) {
        const whole = Math.floor((bytes.length - start) / 3) * 3;
        if (whole <= 0) continue;
        const core = bytes.subarray(start, start + whole).toString("base64");
        cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
    }
    return cores;
}

/** The password of a URL-shaped VALUE (`postgres://user:password@host/db`), decoded. */
export function urlPassword(value: string): string | undefined {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:([^/?#@]*)@/i.exec(value);
    if (!m) return undefined;
    try {
        return decodeURIComponent(m[1]);
    } catch {
        return m[1];
    }
}

/** The forms of VALUE that a program may print: itself, each of its lines, URL-encoded, escaped
 * as in JSON, base64; the ones of at least minHiddenLength characters. */
export function forms(value: string): string[] {
    const all = new Set<string>();
    for (const part of [value, ...value.split(/\r?\n/)]) {
        if (part.length < minHiddenLength) continue;
        all.add(part);
        all.add(encodeURIComponent(part));
        all.add(JSON.stringify(part).slice(1, -1));
        for (const core of base64Cores(part)) all.add(core);
    }
    return [...all].filter(f => f.length >= minHiddenLength);
}

/** What to hide of config ENV: every value's forms, and those of a URL's password on their own. */
export function hiddenOf(env: Readonly<Record<string, string>>): Hidden[] {
    return Object.entries(env).flatMap(([name, value]) => {
        const password = urlPassword(value);
        return [
            ...forms(value).map(text => ({ text, label: `[config ${name}]` })),
            ...(password === undefined ? [] : forms(password).map(text => ({ text, label: `[config ${name} password]` }))),
        ];
    });
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Replaces every text of HIDDEN in what passes through it, the longest first, in one pass (so a
 * label is never hidden again). */
export class Redactor {
    private readonly labels = new Map<string, string>();
    private pattern: RegExp | undefined;

    constructor(hidden: readonly Hidden[] = []) {
        this.add(hidden);
    }

    add(hidden: readonly Hidden[]): void {
        const before = this.labels.size;
        for (const h of hidden) if (!this.labels.has(h.text)) this.labels.set(h.text, h.label);
        if (this.labels.size === before) return;
        const texts = [...this.labels.keys()].sort((a, b) => b.length - a.length);
        this.pattern = new RegExp(texts.map(escaped).join("|"), "g");
    }

    redact(text: string): string {
        return this.pattern ? text.replace(this.pattern, m => this.labels.get(m) ?? m) : text;
    }
}

/** What this process hides in everything it prints. */
const printed = new Redactor();

/** From now on, the values of config ENV are hidden in this process's output. */
export function hideConfig(env: Readonly<Record<string, string>> | undefined): void {
    if (env) printed.add(hiddenOf(env));
}

/** TEXT with every hidden value of this process replaced by its label. */
export const redact = (text: string): string => printed.redact(text);
