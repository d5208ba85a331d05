// Domains with TLS, end to end on a local Debian 12 host: certificates come over ACME (HTTP-01
// through nginx's port 80) from a test certificate authority running on the host, set as the
// platform's `acmeServer`, and every HTTPS request is verified against that authority's root.
import { AppSpecInput, buildAppSpec } from "../../../shared/app-spec";
import { defaultBootstrapSettings, startBootstrappedHost, TestHost } from "../../harness/host";

jest.setTimeout(900_000);

const domain = "paas.test";
const secure = "shop.example.test";
// The test authority refuses this name (scripts/host/acme-server.sh).
const refused = "refused.example.test";

let host: TestHost;
let root: string;

function spec(overrides: Partial<AppSpecInput> = {}) {
    return buildAppSpec({
        app: "shop", platformDomain: domain, source: "image", image: "paas-e2e/app:one",
        env: { GREETING: "hello over tls" }, processes: { web: { count: 1 } }, port: 5000,
        healthPath: "/healthz", domains: [{ name: secure, tls: true }], clientMaxBodySize: "10m", ...overrides,
    });
}

const deploy = async (s: object) => (await host.exec("paas app deploy", { stdin: JSON.stringify(s) })).stdout;
const servedSerial = async () => (await host.https(secure, "/", root)).certificate.serialNumber;

beforeAll(async () => {
    host = await startBootstrappedHost({ name: `paas-e2e-tls-${process.pid}` });
    const acme = await host.startAcmeServer([secure, refused]);
    root = acme.root;
    const r = await host.bootstrap({ ...defaultBootstrapSettings, acmeServer: acme.directory });
    expect(r.stdout).toContain("changed: /etc/paas/acme-server");
    await host.buildSampleApp();
});

afterAll(() => host?.stop());

test("a TLS domain gets a certificate from the configured ACME server and is served over HTTPS", async () => {
    const out = await deploy(spec());
    expect(out).toContain(`requesting a certificate for ${secure}`);
    expect(out).not.toContain("serving HTTP only");
    expect(out).toContain(`serving at http://shop.${domain}/, https://${secure}/`);
    const r = await host.https(secure, "/", root);
    expect(r.status).toBe(200);
    expect(r.body).toBe("hello over tls");
    expect(r.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(r.certificate.subjectaltname).toBe(`DNS:${secure}`);
    expect(r.certificate.issuer.CN).toMatch(/^Pebble Intermediate CA/);
    // The certificate lineage remembers the server, so renewals go there too.
    expect((await host.exec(`cat /etc/letsencrypt/renewal/paas-shop_${secure}.conf`)).stdout)
        .toContain("server = https://localhost:14000/dir");
});

test("the TLS domain's HTTP redirects to HTTPS but still answers ACME challenges; the default hostname stays HTTP", async () => {
    const redirect = await host.http(secure, "/env/GREETING?x=1");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://${secure}/env/GREETING?x=1`);
    await host.exec("mkdir -p /var/lib/paas/acme/.well-known/acme-challenge && echo token-body > /var/lib/paas/acme/.well-known/acme-challenge/probe");
    const challenge = await host.http(secure, "/.well-known/acme-challenge/probe");
    expect([challenge.status, challenge.body]).toEqual([200, "token-body\n"]);
    expect(await host.http(`shop.${domain}`)).toMatchObject({ status: 200, body: "hello over tls" });
});

test("a redeploy keeps the certificate and asks for no new one", async () => {
    const serial = await servedSerial();
    const out = await deploy(spec({ env: { GREETING: "hello again" } }));
    expect(out).not.toContain("requesting a certificate");
    expect((await host.https(secure, "/", root)).body).toBe("hello again");
    expect(await servedSerial()).toBe(serial);
});

test("a second TLS domain whose certificate is refused is served over HTTP; the first keeps HTTPS and the deploy succeeds", async () => {
    const serial = await servedSerial();
    const out = await deploy(spec({ env: { GREETING: "hello again" }, domains: [{ name: secure, tls: true }, { name: refused, tls: true }] }));
    expect(out).toContain(`requesting a certificate for ${refused}`);
    expect(out).not.toContain(`requesting a certificate for ${secure}`);
    expect(out).toContain(`certificate for ${refused} not issued yet: serving it over HTTP`);
    expect(out).toContain(`serving at http://shop.${domain}/, https://${secure}/, http://${refused}/`);
    expect(out.trim().split("\n").pop()).toMatch(/^released v\d+ paas-e2e\/app:one$/);
    expect(await host.http(refused)).toMatchObject({ status: 200, body: "hello again" });
    const r = await host.https(secure, "/", root);
    expect([r.body, r.certificate.serialNumber]).toEqual(["hello again", serial]);
});

test("renewal, as certbot's timer runs it, gets a new certificate that nginx serves at once", async () => {
    expect((await host.exec("systemctl is-enabled certbot.timer")).stdout.trim()).toBe("enabled");
    const serial = await servedSerial();
    await host.exec("certbot renew --force-renewal --no-random-sleep-on-renew -q");
    expect(await servedSerial()).not.toBe(serial);
});

test("destroying the app deletes its certificates", async () => {
    await host.exec("paas app destroy", { stdin: JSON.stringify({ app: "shop", keepData: false }) });
    expect(await host.existing(["/etc/letsencrypt/live/paas-shop_*", "/etc/letsencrypt/renewal/paas-shop_*"])).toEqual([]);
    expect((await host.http(secure)).status).toBe(404);
});
