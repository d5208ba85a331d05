// The components' side of the input rules (shared/rules.ts holds the rules themselves, which
// the host runs too): plain values are checked in constructors, before any resource exists, and
// values known only later (Outputs) where they resolve, with `checked`.
import * as pulumi from "@pulumi/pulumi";

export * from "../shared/rules";

// --- plain now, Outputs where they resolve --------------------------------------------------

/** Whether a value holds no Output or Promise at any depth, so it can be checked now. */
export function isPlain(value: unknown): boolean {
    if (value === null || value === undefined) return true;
    if (pulumi.Output.isInstance(value)) return false;
    if (typeof value === "object" && typeof (value as { then?: unknown }).then === "function") return false;
    if (Array.isArray(value)) return value.every(isPlain);
    if (typeof value === "object") {
        if (pulumi.Resource.isInstance(value) || pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value)) return true;
        return Object.values(value as object).every(isPlain);
    }
    return true;
}

/**
 * Applies `check` to an input: at once when the input is a plain value (so a bad value fails
 * the constructor before anything is registered), or when it resolves otherwise (failing the
 * resources that use it). Returns the input as an Output; secrets stay secrets.
 */
export function checked<T>(value: pulumi.Input<T>, check: (v: pulumi.Unwrap<T>) => void): pulumi.Output<pulumi.Unwrap<T>> {
    if (isPlain(value)) {
        check(value as pulumi.Unwrap<T>);
        return pulumi.output(value);
    }
    return pulumi.output(value).apply(v => {
        check(v);
        return v;
    });
}
