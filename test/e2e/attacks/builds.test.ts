// A deploy key holder's pushed Dockerfile, as an attacker writes it, against a bootstrapped local
// host: it may not read another app's image, use root's registry credentials, take the server's
// memory or time, or push a tree past the size limit. Each attack fails, and the push it imitates
// (a public base, the app's own image, a build within the limits) still deploys.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { dockerBuild } from "../../../components/app";
import { buildAppSpec } from "../../../shared/app-spec";
import { startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(900_000);

const domain = "paas.test";
const fixture = path.join(__dirname, "../../../stacks/sample-app");
// The public base of every pushed Dockerfile here: an image of no app, as debian:bookworm-slim is.
const base = "paas-e2e/app:one";
const fakeToken = "ZmFrZS11c2VyOmZha2Utc2VjcmV0LXRva2Vu";
let host: TestHost;
const keys = fs.mkdtempSync(path.join(os.tmpdir(), "paas-attack-keys-"));

/** A git working copy of APP, pushed with the deploy key KEY (which deploys only that app). */
class Repo {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-attack-repo-"));
    constructor(readonly app: string, readonly key: string) {
        fs.cpSync(fixture, this.dir, { recursive: true });
        this.git(["init", "-q", "-b", "main"]);
    }
    git(args: string[]) {
        return spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
            cwd: this.dir, encoding: "utf8", maxBuffer: 1 << 26,
            env: { ...process.env, GIT_SSH_COMMAND: `ssh ${host.sshOptions(path.join(keys, this.key)).join(" ")}` },
        });
    }
    /** Commits FILES (name to content; null removes it) and pushes; the push's result and commit. */
    push(files: Record<string, string | Buffer | null>) {
        for (const [name, content] of Object.entries(files)) {
            const file = path.join(this.dir, name);
            if (content === null) fs.rmSync(file, { force: true });
            else fs.writeFileSync(file, content);
        }
        this.git(["add", "-A"]);
        expect(this.git(["commit", "-q", "--allow-empty", "-m", "change"]).status).toBe(0);
        const sha = this.git(["rev-parse", "HEAD"]).stdout.trim();
        const r = this.git(["push", `ssh://git@127.0.0.1:${host.sshPort}/${this.app}`, "main"]);
        return { ...r, sha, image: `paas/${this.app}:${sha.slice(0, 12)}` };
    }
}

function key(name: string): string {
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path.join(keys, name)]);
    return fs.readFileSync(path.join(keys, `${name}.pub`), "utf8").trim();
}

const gitSpec = (app: string) => buildAppSpec({
    app, platformDomain: domain, source: "git", env: { GREETING: `hello from ${app}` }, processes: { web: { count: 1 } }, port: 5000,
    healthPath: "/healthz", domains: [], clientMaxBodySize: "10m",
});
const body = async (app: string, urlPath = "/") => (await host.http(`${app}.${domain}`, urlPath)).body;
const releases = async (app: string) => JSON.parse((await host.exec(`paas app releases ${app}`)).stdout) as { image: string }[];
const setLimits = (limits: object) => host.exec("install -m 644 /dev/stdin /etc/paas/build-limits.json", { stdin: JSON.stringify(limits) });
const allContainers = async () => (await host.exec("docker ps -aq --no-trunc")).stdout.split("\n").filter(Boolean).sort();

let blog: Repo, shop: Repo, blogImage: string, shopImage: string;

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-attack-builds-${process.pid}` });
    await host.buildSampleApp(base);
    for (const app of ["blog", "shop"]) {
        await host.exec(`paas keys set ${app}`, { stdin: JSON.stringify({ keys: [key(`${app}-key`)] }) });
        expect((await host.exec("paas app deploy", { stdin: JSON.stringify(gitSpec(app)) })).stdout).toContain("waiting for git push");
    }
    blog = new Repo("blog", "blog-key");
    shop = new Repo("shop", "shop-key");
    // The other app, with a file baked into its image.
    const b = blog.push({ Dockerfile: `FROM ${base}\nRUN echo blog-secret > /app/VERSION\n` });
    expect(b.status).toBe(0);
    blogImage = b.image;
    expect(await body("blog", "/version")).toBe("blog-secret");
    const s = shop.push({ Dockerfile: `FROM ${base}\nRUN echo shop-one > /app/VERSION\n` });
    expect(s.status).toBe(0);
    shopImage = s.image;
});

afterAll(() => {
    host?.stop();
    for (const dir of [keys, blog?.dir, shop?.dir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => host.exec("rm -f /etc/paas/build-limits.json"));

test("a Dockerfile reading another app's image is refused before it builds, naming the line; its own image and a public base build", async () => {
    const blogId = (await host.exec(`docker image inspect --format '{{.Id}}' ${blogImage}`)).stdout.trim();
    const attacks: [string, string][] = [
        [`FROM ${blogImage}\n`, `Dockerfile line 1: FROM ${blogImage}: ${blogImage} is an image of app blog`],
        [`FROM ${base}\nCOPY --from=${blogImage} /app/VERSION /app/VERSION\n`, `Dockerfile line 2: COPY --from=${blogImage}: ${blogImage} is an image of app blog`],
        [`ARG B=${blogImage}\nFROM \${B} AS stolen\n`, `Dockerfile line 2: FROM \${B}: ${blogImage} is an image of app blog`],
        // By its id, which no app name shows.
        [`FROM ${blogId.slice(7, 19)}\n`, `Dockerfile line 1: FROM ${blogId.slice(7, 19)}: ${blogId.slice(7, 19)} is an image of app blog`],
        [`FROM ${base}\nRUN --mount=type=bind,from=docker.io/paas/blog:${blogImage.split(":")[1]},target=/m cat /m/app/VERSION\n`, "Dockerfile line 2: RUN --mount="],
    ];
    for (const [dockerfile, message] of attacks) {
        const r = shop.push({ Dockerfile: dockerfile });
        expect(r.status).not.toBe(0);
        expect(r.stderr).toContain(message);
        expect(r.stderr).toContain("a build may read its own app's images (paas/shop) and public ones");
        expect(r.stderr).not.toContain("blog-secret");
        expect(r.stderr).not.toContain("building paas/shop");
    }
    expect((await releases("shop")).map(r => r.image)).toEqual([shopImage]);
    expect(await body("shop", "/version")).toBe("shop-one");
    // The app's own earlier image, and the public base, still build.
    const own = shop.push({ Dockerfile: `FROM ${shopImage}\nRUN echo shop-two > /app/VERSION\n` });
    expect(own.status).toBe(0);
    expect(await body("shop", "/version")).toBe("shop-two");
    const pub = shop.push({ Dockerfile: `FROM ${base}\nRUN echo shop-three > /app/VERSION\n` });
    expect(pub.status).toBe(0);
    expect(await body("shop", "/version")).toBe("shop-three");
    expect(await body("blog", "/version")).toBe("blog-secret");
});

test("a build allocating past its memory limit fails; the platform and the other app answer, and a build within it deploys", async () => {
    await setLimits({ memoryMiB: 64 });
    const before = (await releases("shop")).length;
    // tail keeps its one endless line in memory.
    const r = shop.push({ Dockerfile: `FROM ${base}\nRUN head -c 400m /dev/zero | tail -n 1 > /dev/null\n` });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("build failed; release v3 keeps serving");
    expect(await body("blog", "/version")).toBe("blog-secret");
    expect(await body("shop", "/version")).toBe("shop-three");
    expect((await host.exec("systemctl is-active docker nginx postgresql ssh")).stdout.split("\n").filter(Boolean)).toEqual(["active", "active", "active", "active"]);
    expect(await releases("shop")).toHaveLength(before);
    const ok = shop.push({ Dockerfile: `FROM ${base}\nRUN head -c 8m /dev/zero | tail -n 1 > /dev/null && echo small > /app/VERSION\n` });
    expect(ok.status).toBe(0);
    expect(await body("shop", "/version")).toBe("small");
});

test("a build that runs too long is killed, its container removed, and the app keeps serving", async () => {
    await setLimits({ timeoutSeconds: 5 });
    const before = await allContainers();
    const r = shop.push({ Dockerfile: `FROM ${base}\nRUN sleep 3600\n` });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("build stopped after 5 s (the build limit timeoutSeconds); release v4 keeps serving");
    expect(await allContainers()).toEqual(before);
    expect((await host.exec("ps -eo args")).stdout).not.toContain("sleep 3600");
    expect(await body("shop", "/version")).toBe("small");
});

test("a pushed tree past the size limit is refused; one within it deploys", async () => {
    await setLimits({ contextMiB: 1 });
    const big = shop.push({ "blob.bin": Buffer.alloc(2 * 1024 * 1024, 7), Dockerfile: `FROM ${base}\nCOPY blob.bin /app/blob.bin\n` });
    expect(big.status).not.toBe(0);
    expect(big.stderr).toContain(`commit: the tree of ${big.sha} is more than 1 MiB (the build limit contextMiB); release v4 keeps serving`);
    expect(await host.existing(["/tmp/paas-push-*"])).toEqual([]);
    const small = shop.push({ "blob.bin": Buffer.alloc(1000, 7), Dockerfile: `FROM ${base}\nCOPY blob.bin /app/blob.bin\nRUN echo sized > /app/VERSION\n` });
    expect(small.status).toBe(0);
    expect(await body("shop", "/version")).toBe("sized");
    expect(await host.existing(["/tmp/paas-push-*", "/tmp/paas-build-client-*"])).toEqual([]);
});

test("a build cannot use or see root's registry credentials, which the platform's own pulls still use", async () => {
    // A registry on the host that asks for a login and writes down every Authorization it is sent.
    await host.exec("cat > /root/registry.js", { stdin: `
        require("http").createServer((req, res) => {
            require("fs").appendFileSync("/root/registry.log", req.method + " " + req.url + " " + (req.headers.authorization || "-") + "\\n");
            res.writeHead(401, { "WWW-Authenticate": 'Basic realm="test"', "Docker-Distribution-Api-Version": "registry/2.0" });
            res.end("{}");
        }).listen(5999, "127.0.0.1");` });
    await host.exec("systemd-run --unit=paas-test-registry node /root/registry.js && until curl -s 127.0.0.1:5999/v2/ >/dev/null; do sleep 0.2; done");
    await host.exec("mkdir -p /root/.docker && install -m 600 /dev/stdin /root/.docker/config.json",
        { stdin: JSON.stringify({ auths: { "127.0.0.1:5999": { auth: fakeToken } } }) });
    await host.exec(": > /root/registry.log");
    const r = shop.push({ Dockerfile: `FROM 127.0.0.1:5999/private/app:1\nRUN cat /root/.docker/config.json; env\n` });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Dockerfile line 1: FROM 127.0.0.1:5999/private/app:1: 127.0.0.1:5999/private/app:1 is not on this host and could not be pulled (builds get no registry credentials)");
    const seen = (await host.exec("cat /root/registry.log")).stdout;
    expect(seen).toContain("GET /v2/");
    expect(seen).not.toContain(`Basic ${fakeToken}`);
    // A build that looks for the file, or for anything in its environment, finds nothing of root's.
    const look = shop.push({ Dockerfile: `FROM ${base}\nRUN ls -a /root/.docker 2>&1; env; echo looked > /app/VERSION\n` });
    expect(look.status).toBe(0);
    expect(look.stderr).not.toContain(fakeToken);
    expect(look.stderr).not.toContain("config.json");
    // A Dockerfile that is a link to the file is not read.
    shop.git(["rm", "-q", "Dockerfile"]);
    fs.symlinkSync("/root/.docker/config.json", path.join(shop.dir, "Dockerfile"));
    const link = shop.push({});
    expect(link.status).not.toBe(0);
    expect(link.stderr).toContain("Dockerfile: must be a file (not a link or a folder)");
    expect(link.stderr).not.toContain(fakeToken);
    fs.rmSync(path.join(shop.dir, "Dockerfile"));
    // The platform's own pull (an app's prebuilt image) still logs in with root's credentials.
    await host.exec(": > /root/registry.log");
    await host.exec("docker pull 127.0.0.1:5999/private/app:1", { allowFail: true });
    expect((await host.exec("cat /root/registry.log")).stdout).toContain(`Basic ${fakeToken}`);
    expect(await body("shop", "/version")).toBe("looked");
});

test("a folder the App component copies is built with the same checks, and removed once its image exists", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "paas-attack-site-"));
    const deploySite = async (dockerfile: string) => {
        fs.writeFileSync(path.join(folder, "Dockerfile"), dockerfile);
        const { buildContext, image } = dockerBuild("site", folder);
        host.copyDir(folder, buildContext);
        const spec = buildAppSpec({
            app: "site", platformDomain: domain, source: "dockerfile", image, buildContext, env: {}, processes: { web: { count: 1 } }, port: 5000,
            healthPath: "/healthz", domains: [], clientMaxBodySize: "10m",
        });
        const r = await host.exec("paas app deploy", { stdin: JSON.stringify(spec), allowFail: true });
        return { ...r, buildContext, image, spec };
    };
    try {
        const refused = await deploySite(`FROM ${base}\nCOPY --from=${blogImage} /app/VERSION /app/VERSION\n`);
        expect(refused.code).not.toBe(0);
        expect(refused.stderr).toContain(`Dockerfile line 2: COPY --from=${blogImage}: ${blogImage} is an image of app blog`);
        // Kept: a re-run of the same update finds it.
        expect(await host.existing([refused.buildContext])).toEqual([refused.buildContext]);
        const built = await deploySite(`FROM ${base}\nRUN echo site > /app/VERSION\n`);
        expect(built.code).toBe(0);
        expect(built.stdout.trim().split("\n").pop()).toBe(`released v1 ${built.image}`);
        expect(await body("site", "/version")).toBe("site");
        expect(await host.existing([built.buildContext])).toEqual([]);
        const again = await host.exec("paas app deploy", { stdin: JSON.stringify(built.spec) });
        expect(again.stdout.trim()).toBe(`unchanged: v1 ${built.image}`);
    } finally {
        fs.rmSync(folder, { recursive: true, force: true });
    }
});
