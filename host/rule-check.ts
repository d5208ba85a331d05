// `paas rules check`: runs cases of the rule table (shared/rules.ts) here on the host, so that a
// test can compare the verdicts with the components' for the very same cases.
import { ruleTable, ValidationError } from "../shared/rules";

/** One case: a rule, its field and further arguments, and a value. */
export interface RuleCheck {
    rule: string;
    field: string;
    args?: unknown[];
    value: unknown;
}

/** Each case's verdict: "ok", or the rule's message. */
export function checkRules(cases: unknown): string[] {
    if (!Array.isArray(cases)) throw new ValidationError("cases", "must be a JSON array");
    return (cases as RuleCheck[]).map(c => {
        const check = (ruleTable as Record<string, (...a: unknown[]) => unknown>)[c.rule];
        if (!check) return `rule: no rule named ${c.rule}`;
        try {
            check(c.field, c.value, ...(c.args ?? []));
            return "ok";
        } catch (e) {
            if (e instanceof ValidationError) return e.message;
            throw e;
        }
    });
}
