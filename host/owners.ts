// The resource (a Pulumi URN) an app or add-on belongs to. A resource renamed without an alias is
// created anew before the old one is deleted: the old one's delete then finds the app or data
// owned by the new one, and leaves it.
import { readText, writeFileAtomic } from "./files";

/** Records OWNER in FILE (nothing when no owner is given). */
export function recordOwner(file: string, owner: string | undefined): void {
    if (owner) writeFileAtomic(file, `${owner}\n`, { mode: 0o644 });
}

/** The owner FILE names when it is not OWNER (and OWNER is given); undefined otherwise. */
export function otherOwner(file: string, owner: string | undefined): string | undefined {
    if (!owner) return undefined;
    const recorded = readText(file)?.trim();
    return recorded !== undefined && recorded !== owner ? recorded : undefined;
}
