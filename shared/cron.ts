// Cron schedules (`minute hour day-of-month month day-of-week`, as crontab(5) writes them, or
// @hourly, @daily, @weekly, @monthly), checked here for preview and converted for systemd timers
// on the host (OnCalendar). Pure.
import { rule } from "./rules";

const macros: Record<string, string> = { "@hourly": "0 * * * *", "@daily": "0 0 * * *", "@weekly": "0 0 * * 0", "@monthly": "0 0 1 * *" };
const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const fields = [["minute", 0, 59], ["hour", 0, 23], ["day of month", 1, 31], ["month", 1, 12], ["day of week", 0, 7]] as const;

const scheduleRule = "must be a cron schedule such as \"*/15 * * * *\" (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, @monthly";

/** The values one cron field's list names, or undefined for `*`; throws on anything else. */
function values(field: string, text: string, min: number, max: number): number[] | undefined {
    if (text === "*") return undefined;
    const all = new Set<number>();
    for (const part of text.split(",")) {
        const m = /^(\*|([0-9]+)(?:-([0-9]+))?)(?:\/([0-9]+))?$/.exec(part);
        rule(m !== null, field, scheduleRule);
        const [from, to] = m![1] === "*" ? [min, max] : [Number(m![2]), Number(m![3] ?? (m![4] ? max : m![2]))];
        const step = Number(m![4] ?? 1);
        rule(from >= min && to <= max && from <= to && step >= 1, field, scheduleRule);
        for (let v = from; v <= to; v += step) all.add(v);
    }
    return [...all].sort((a, b) => a - b);
}

/** Checks SCHEDULE; returns the systemd calendar expression it means. */
export function cronSchedule(field: string, schedule: string): string {
    rule(typeof schedule === "string", field, scheduleRule);
    const parts = (macros[schedule] ?? schedule).trim().split(/\s+/);
    rule(parts.length === 5, field, scheduleRule);
    const [minute, hour, dom, month, dow] = parts.map((p, n) => values(field, p, fields[n][1], fields[n][2]));
    // cron runs when either day matches, systemd when both do: refuse what would differ.
    rule(dom === undefined || dow === undefined, field, "a day of the month and a day of the week together are not supported");
    const list = (v: number[] | undefined, pad = true) => v === undefined ? "*" : v.map(n => (pad ? String(n).padStart(2, "0") : String(n))).join(",");
    const weekdays = dow === undefined ? "" : `${[...new Set(dow.map(d => days[d]))].join(",")} `;
    return `${weekdays}*-${list(month)}-${list(dom)} ${list(hour)}:${list(minute)}:00`;
}
