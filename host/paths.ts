// Where the platform keeps things on the host (host/README.md's layout table). PAAS_ROOT moves
// the whole tree, for the unit tests only; on a host it is unset.
import { uploadsDir } from "../shared/uploads";

const root = () => process.env.PAAS_ROOT ?? "";

export const paths = {
    /** A fixed host path, under PAAS_ROOT in unit tests. */
    under: (p: string) => `${root()}${p}`,
    /** Per-app state, root only. */
    apps: () => `${root()}/var/lib/paas/apps`,
    app: (app: string) => `${root()}/var/lib/paas/apps/${app}`,
    addons: () => `${root()}/var/lib/paas/addons`,
    addonOwner: (kind: string, name: string) => `${root()}/var/lib/paas/addons/${kind}-${name}.owner`,
    upstreams: () => `${root()}/etc/nginx/paas/upstreams`,
    upstream: (app: string) => `${root()}/etc/nginx/paas/upstreams/${app}.conf`,
    vhosts: () => `${root()}/etc/nginx/sites-enabled`,
    vhost: (app: string) => `${root()}/etc/nginx/sites-enabled/paas-${app}.conf`,
    nginxPid: () => `${root()}/run/nginx.pid`,
    gitHome: () => `${root()}/home/git`,
    repo: (app: string) => `${root()}/home/git/${app}.git`,
    authorizedKeys: () => `${root()}/home/git/.ssh/authorized_keys`,
    /** The platform's installed code: paas.js and the bash entry points. */
    lib: () => `${root()}/usr/local/lib/paas`,
    acmeEmail: () => `${root()}/etc/paas/acme-email`,
    acmeServer: () => `${root()}/etc/paas/acme-server`,
    letsencrypt: () => `${root()}/etc/letsencrypt`,
    redisAdminPassword: () => `${root()}/etc/redis/paas-admin.pass`,
    /** What the components copied (shared/uploads.ts). */
    uploads: () => `${root()}${uploadsDir}`,
    /** What builds may use, when the operator sets it (host/build-limits.ts). */
    buildLimits: () => `${root()}/etc/paas/build-limits.json`,
    sudoers: () => `${root()}/etc/sudoers.d/paas-git`,
    /** Faults to inject at the release engine's phases (host/failpoints.ts); /run, so a reboot clears them. */
    failpoints: () => `${root()}/run/paas/failpoints`,
};
