import { deployedCommit, gitShell } from "./git";

const sha = "0123456789abcdef0123456789abcdef01234567";

test("the last push to main or master deploys; other refs and deletions do not", () => {
    const said: string[] = [];
    expect(deployedCommit(`${"0".repeat(40)} ${sha} refs/heads/feature\n${"a".repeat(40)} ${sha} refs/heads/main\n`, l => said.push(l))).toBe(sha);
    expect(said).toEqual(["-----> refs/heads/feature is not deployed (push main to deploy)"]);
    expect(deployedCommit(`${sha} ${"0".repeat(40)} refs/heads/main\n`, () => undefined)).toBeUndefined();
});

test.each([
    [["-c", "sh"], "", "paas: this account only receives git pushes from deploy keys"],
    [[], "", "paas: this account only receives git pushes from deploy keys"],
    [["-c", "paas-git-shell ../etc"], "git-receive-pack 'x'", "paas: this deploy key names no valid app"],
    [["-c", "paas-git-shell shop"], "", "paas: no shell here; deploy with: git push git@<host>:shop main"],
    [["-c", "paas-git-shell shop"], "git-upload-pack 'shop'", "paas: only git push is allowed"],
    [["-c", "paas-git-shell shop"], "git-receive-pack 'shop'; id", "paas: only git push is allowed"],
    [["-c", "paas-git-shell shop"], "git-receive-pack '/other.git'", "paas: this key deploys shop, not other"],
    [["-c", "paas-git-shell api shop"], "git-receive-pack 'other'", "paas: this key deploys api, shop, not other"],
    [["-c", "paas-git-shell api ../x"], "git-receive-pack 'api'", "paas: this deploy key names no valid app"],
])("the git shell refuses %j with request %j", async (args, request, message) => {
    await expect(gitShell(args, request)).rejects.toThrow(message);
});
