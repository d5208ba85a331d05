import { docker } from "./docker";
import { ensureShared } from "./app-resources";

jest.mock("./docker");

test("a network Docker cannot create (no address left in its pools) fails with Docker's reason", async () => {
    jest.mocked(docker).mockImplementation(async args => args[1] === "inspect"
        ? { code: 1, stdout: "", stderr: "no such network", timedOut: false }
        : { code: 1, stdout: "", stderr: "Error response from daemon: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network\n", timedOut: false });
    await expect(ensureShared("shop")).rejects.toThrow(/could not be created: Error response from daemon: could not find an available, non-overlapping IPv4 address pool/);
});
