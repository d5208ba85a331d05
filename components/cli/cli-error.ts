// What `paas` (the operator's CLI) reports when it stops: one line naming what is wrong.

/** A refusal or a failure, printed alone after the verb's name; the CLI exits with `exitCode`. */
export class CliError extends Error {
    constructor(message: string, readonly exitCode = 1) {
        super(message);
        this.name = "CliError";
    }
}

/** The message of a refusal the CLI or the shared rules raised, or undefined for a bug. */
export function refusalMessage(e: unknown): string | undefined {
    if (e instanceof CliError) return e.message;
    if (e instanceof Error && e.name === "ValidationError") return e.message;
    return undefined;
}
