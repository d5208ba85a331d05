import { checkRules } from "./rule-check";

test("each case gets ok or its rule's message", () => {
    expect(checkRules([
        { rule: "port", field: "port", value: 80 },
        { rule: "port", field: "port", value: 0 },
        { rule: "seconds", field: "t", args: [10], value: 11 },
        { rule: "nope", field: "x", value: 1 },
    ])).toEqual(["ok", "port: must be a whole number from 1 to 65535", "t: must be a whole number of seconds from 1 to 10", "rule: no rule named nope"]);
    expect(() => checkRules({})).toThrow("cases: must be a JSON array");
});
