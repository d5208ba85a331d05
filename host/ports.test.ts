import { listeningPorts, pickPort, portRange } from "./ports";

test("a picked port is in the range and not in use", () => {
    const used = new Set([portRange.start, portRange.start + 1]);
    let n = 0;
    const random = () => [0, 0.0001, 0.5][n++] ?? 0.5;
    expect(pickPort(used, random)).toBe(portRange.start + 5000);
});

test("no port after 100 tries when every try is taken", () => {
    expect(pickPort(new Set([portRange.start]), () => 0)).toBeUndefined();
});

test("listening ports are read from ss output, IPv4 and IPv6", () => {
    expect(listeningPorts("LISTEN 0 511 0.0.0.0:80 0.0.0.0:*\nLISTEN 0 4096 [::1]:5432 [::]:*\n")).toEqual([80, 5432]);
});
