import { cronSchedule } from "./cron";

test.each([
    ["* * * * *", "*-*-* *:*:00"],
    ["*/15 * * * *", "*-*-* *:00,15,30,45:00"],
    ["30 2 * * *", "*-*-* 02:30:00"],
    ["0 9-17/4 * * 1-5", "Mon,Tue,Wed,Thu,Fri *-*-* 09,13,17:00:00"],
    ["0 0 1,15 * *", "*-*-01,15 00:00:00"],
    ["0 0 * * 0,7", "Sun *-*-* 00:00:00"],
    ["@daily", "*-*-* 00:00:00"],
    ["@monthly", "*-*-01 00:00:00"],
])("%s runs at %s", (cron, calendar) => {
    expect(cronSchedule("cron[0].schedule", cron)).toBe(calendar);
});

test.each(["", "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *",
    "* * * * MON", "@reboot", "* * * * *; reboot", "$(id) * * * *"])("%j is refused", cron => {
    expect(() => cronSchedule("cron[0].schedule", cron)).toThrow(/^cron\[0\]\.schedule: must be a cron schedule/);
});

test("a day of the month and a day of the week together are refused (cron ORs them, systemd would AND)", () => {
    expect(() => cronSchedule("cron[1].schedule", "0 0 1 * 1")).toThrow("cron[1].schedule: a day of the month and a day of the week together are not supported");
});
