// Certificates per app hostname, from an ACME server over HTTP-01 (the webroot every vhost
// serves). One hostname the ACME server refuses stays on HTTP; that is not an error, and the
// next deploy asks again. Renewal is certbot's own timer, whose deploy hook is `paas router reload`.
import * as fs from "fs";
import { acmeWebroot, certificateDir, certificateName } from "../shared/nginx-vhost";
import { readText } from "./files";
import { say } from "./output";
import { paths } from "./paths";
import { run } from "./run";

/** Whether the app's certificate for DOMAIN exists. */
export const hasCertificate = (app: string, domain: string): boolean =>
    fs.existsSync(paths.under(`${certificateDir(app, domain)}/fullchain.pem`));

/** The names of the app's certificates (certbot's renewal files). */
function certificateNames(app: string): string[] {
    const prefix = `${certificateName(app, "")}`;
    let files: string[] = [];
    try {
        files = fs.readdirSync(`${paths.letsencrypt()}/renewal`);
    } catch { /* certbot has none */ }
    return files.filter(f => f.startsWith(prefix) && f.endsWith(".conf")).map(f => f.slice(0, -".conf".length));
}

/** Deletes the app's certificates of every domain but KEEP. */
export async function deleteCertificates(app: string, keep: string[] = []): Promise<void> {
    const prefix = certificateName(app, "");
    for (const name of certificateNames(app)) {
        if (keep.includes(name.slice(prefix.length))) continue;
        await run("certbot", ["delete", "--non-interactive", "--cert-name", name], { stdout: "ignore", stderr: "ignore" });
    }
}

/** The ACME account and directory the platform was given (bootstrap settings). */
function acmeSettings(): { email?: string; server?: string } {
    return { email: readText(paths.acmeEmail())?.trim() || undefined, server: readText(paths.acmeServer())?.trim() || undefined };
}

/** Asks for a certificate for each of DOMAINS that has none; true when any was issued. */
export async function obtainCertificates(app: string, domains: string[]): Promise<boolean> {
    await deleteCertificates(app, domains);
    const { email, server } = acmeSettings();
    let obtained = false;
    for (const domain of domains) {
        if (hasCertificate(app, domain)) continue;
        if (!email) {
            say(`no acmeEmail configured: serving ${domain} over HTTP`);
            continue;
        }
        say(`requesting a certificate for ${domain}`);
        // certbot keeps the server in the certificate's renewal settings, so renewals use it too.
        const r = await run("certbot", ["certonly", "--webroot", "-w", paths.under(acmeWebroot), "--non-interactive", "--agree-tos",
            "-m", email, "--cert-name", certificateName(app, domain), "--keep-until-expiring",
            "--deploy-hook", "/usr/local/bin/paas router reload", "-d", domain, ...(server ? ["--server", server] : [])],
        { stdout: "indent", stderr: "indent", timeoutSeconds: 300 });
        if (r.code === 0) obtained = true;
        else say(`certificate for ${domain} not issued yet: serving it over HTTP`);
    }
    return obtained;
}
