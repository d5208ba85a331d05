import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deleteCertificates, hasCertificate, obtainCertificates } from "./certificates";
import { run } from "./run";
import { makeHostRoot, removeHostRoot } from "./host-root.testing";

jest.mock("./run", () => ({ ...jest.requireActual("./run"), run: jest.fn() }));

const runMock = jest.mocked(run);
let root: string, out: string[];

beforeEach(() => {
    root = makeHostRoot("certs");
    out = [];
    jest.spyOn(process.stdout, "write").mockImplementation(c => { out.push(String(c)); return true; });
    runMock.mockReset().mockResolvedValue({ code: 0, stdout: "", stderr: "", timedOut: false });
});
afterEach(() => {
    jest.restoreAllMocks();
    removeHostRoot(root);
});

const put = (file: string, text = "x") => {
    fs.mkdirSync(path.dirname(`${root}${file}`), { recursive: true });
    fs.writeFileSync(`${root}${file}`, text);
};
const certificate = (name: string) => {
    put(`/etc/letsencrypt/live/${name}/fullchain.pem`);
    put(`/etc/letsencrypt/renewal/${name}.conf`);
};
const deleted = () => runMock.mock.calls.filter(c => c[1][0] === "delete").map(c => c[1]);
const requested = () => runMock.mock.calls.filter(c => c[1][0] === "certonly").map(c => c[1]);

test("hasCertificate looks for the app's fullchain under PAAS_ROOT", () => {
    expect(hasCertificate("shop", "shop.example.com")).toBe(false);
    put("/etc/letsencrypt/live/paas-shop_shop.example.com/fullchain.pem");
    expect(hasCertificate("shop", "shop.example.com")).toBe(true);
    expect(hasCertificate("shop", "www.example.com")).toBe(false);
    expect(hasCertificate("shop-two", "shop.example.com")).toBe(false);
});

test("deleteCertificates deletes only this app's certificates of domains not kept", async () => {
    certificate("paas-shop_old.example.com");
    certificate("paas-shop_keep.example.com");
    certificate("paas-shop-two_old.example.com");
    certificate("paas-shopping_x.example.com");
    put("/etc/letsencrypt/renewal/paas-shop_notes.txt");
    await deleteCertificates("shop", ["keep.example.com"]);
    expect(deleted()).toEqual([["delete", "--non-interactive", "--cert-name", "paas-shop_old.example.com"]]);
    expect(runMock.mock.calls[0][0]).toBe("certbot");
    runMock.mockClear();
    await deleteCertificates("shop");
    expect(deleted().map(a => a[3]).sort()).toEqual(["paas-shop_keep.example.com", "paas-shop_old.example.com"]);
});

test("without certbot's renewal folder there is nothing to delete", async () => {
    await deleteCertificates("shop");
    expect(runMock).not.toHaveBeenCalled();
});

test("without an acme email, obtainCertificates says so and requests nothing", async () => {
    expect(await obtainCertificates("shop", ["shop.example.com"])).toBe(false);
    expect(requested()).toEqual([]);
    expect(out).toEqual(["-----> no acmeEmail configured: serving shop.example.com over HTTP\n"]);
});

test("with an email, certbot gets the certificate's name and the domain as separate arguments", async () => {
    put("/etc/paas/acme-email", "ops@example.com\n");
    certificate("paas-shop_done.example.com");
    expect(await obtainCertificates("shop", ["shop.example.com", "done.example.com"])).toBe(true);
    expect(requested()).toEqual([["certonly", "--webroot", "-w", `${root}/var/lib/paas/acme`, "--non-interactive", "--agree-tos",
        "-m", "ops@example.com", "--cert-name", "paas-shop_shop.example.com", "--keep-until-expiring",
        "--deploy-hook", "/usr/local/bin/paas router reload", "-d", "shop.example.com"]]);
    expect(runMock.mock.calls.find(c => c[1][0] === "certonly")![2]).toMatchObject({ timeoutSeconds: 300 });
    expect(out).toEqual(["-----> requesting a certificate for shop.example.com\n"]);
});

test("--server only when an ACME server is configured; a refusal is not an error", async () => {
    put("/etc/paas/acme-email", "ops@example.com\n");
    put("/etc/paas/acme-server", "https://acme-staging-v02.api.letsencrypt.org/directory\n");
    runMock.mockResolvedValue({ code: 1, stdout: "", stderr: "", timedOut: false });
    expect(await obtainCertificates("shop", ["a.example.com"])).toBe(false);
    expect(requested()[0].slice(-4)).toEqual(["-d", "a.example.com", "--server", "https://acme-staging-v02.api.letsencrypt.org/directory"]);
    expect(out[out.length - 1]).toBe("-----> certificate for a.example.com not issued yet: serving it over HTTP\n");
});

test("obtainCertificates first deletes the certificates of domains the app no longer has", async () => {
    certificate("paas-shop_gone.example.com");
    certificate("paas-shop_a.example.com");
    await obtainCertificates("shop", ["a.example.com"]);
    expect(deleted()).toEqual([["delete", "--non-interactive", "--cert-name", "paas-shop_gone.example.com"]]);
});
