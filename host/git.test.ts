import * as fs from "fs";
import { buildImage } from "./build";
import { deployedCommit, gitShell, pushDeploy } from "./git";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";
import { paths } from "./paths";
import { deployRelease } from "./release";
import { AppState, StoredSpec } from "./state";

jest.mock("./build");
jest.mock("./release");

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

test("a push whose app asks for a hostname another app has is refused before the build", async () => {
    const root = makeHostRoot("git");
    try {
        // Both apps hold the name, as on a host where two apps claimed it before hostnames had one owner.
        for (const app of ["shop", "blog"]) {
            const state = new AppState(app);
            state.ensure();
            state.saveSpec({ app, source: "git", port: 5000, healthPath: "/", processes: { web: { count: 1 } },
                hostnames: [`${app}.paas.example`, "shared.example.org"], tlsDomains: [], clientMaxBodySize: "10m" } as StoredSpec, {});
        }
        fs.mkdirSync(paths.repo("blog"), { recursive: true });
        await expect(pushDeploy("blog", sha)).rejects.toThrow("domains[0].name: shared.example.org (app blog) is already a hostname of app shop");
        expect(buildImage).not.toHaveBeenCalled();
        expect(deployRelease).not.toHaveBeenCalled();
        expect(new AppState("blog").pushedImage()).toBeUndefined();
    } finally {
        removeHostRoot(root);
    }
});
