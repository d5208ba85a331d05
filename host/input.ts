// stdin as the commands read it: JSON, or the command refuses its input naming what it must be.
import { fail } from "./output";

/** Parses TEXT as JSON; anything else is refused as `<field>: <rule>`. */
export function parseJson(text: string, field = "input", rule = "must be a JSON object"): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return fail(`${field}: ${rule}`);
    }
}
