// Every name the host gives to things, derived here and nowhere else. Parts are joined by `_`,
// which no app name (`[a-z0-9-]`), process type or volume name can contain, and each kind of
// name has its own fixed words and number of parts: two different inputs never give one name.
// Docker allows container, volume and network names of any length, systemd unit names up to 255
// characters (the longest here is under 60); the one short limit, nginx's 32-character syslog
// tag, is met by `routerLogTag` (hashed past 20 characters), which the vhost renderer in shared/
// uses and so defines.
//
// Names of earlier versions joined the parts with `-` (`paas-<app>-<volume>`), so two apps could
// share one: they are kept here only so that data under them is adopted by its own app and the
// rest removed.
import { certificateName, routerLogTag, upstreamName } from "../shared/nginx-vhost";

export { certificateName, routerLogTag, upstreamName };

/** Container of process type PROCESS number N of RELEASE (`v4`): `paas_shop_v4_web_1`. */
export const processContainer = (app: string, release: string, process: string, n: number) => `paas_${app}_${release}_${process}_${n}`;

/** The release command's container of RELEASE: `paas_shop_v4_release_1` (no process type is named `release`). */
export const releaseCommandContainer = (app: string, release: string) => processContainer(app, release, "release", 1);

/** A one-off container (`paas run`, DYNO run.N): `paas_shop_run_1234`. */
export const oneOffContainer = (app: string, n: number) => `paas_${app}_run_${n}`;

/** Scheduled job N's container (DYNO scheduler.N, N from 1): `paas_shop_scheduler_1`. One per
 * job: its timer's service never runs twice at once. */
export const jobContainer = (app: string, n: number) => `paas_${app}_scheduler_${n}`;

/** The app's Docker network. */
export const network = (app: string) => `paas_${app}`;

/** The app's network as earlier versions named it (removed once its containers are gone). */
export const legacyNetwork = (app: string) => `paas-${app}`;

/** The Docker volume of the app's volume VOLUME. */
export const volume = (app: string, name: string) => `paas_${app}_${name}`;

/** That volume as earlier versions named it: `shop` + `media-files` and `shop-media` + `files` were one. */
export const legacyVolume = (app: string, name: string) => `paas-${app}-${name}`;

/** The systemd service and timer (without `.service`/`.timer`) of scheduled job N (from 0) of the app. */
export const cronUnit = (app: string, n: number) => `paas_cron_${app}_${n}`;

/** Job numbers of the app's cron units among systemd unit file NAMES, those of earlier versions
 * (`paas-cron-<app>-<n>`) included. */
export function cronUnitsOf(app: string, names: string[]): { unit: string; n: number; legacy: boolean }[] {
    return names.flatMap((file): { unit: string; n: number; legacy: boolean }[] => {
        const m = /^(.*)\.timer$/.exec(file);
        if (!m) return [];
        const unit = m[1];
        const current = /^paas_cron_(.+)_([0-9]+)$/.exec(unit);
        if (current && current[1] === app) return [{ unit, n: Number(current[2]), legacy: false }];
        // The last `-` before the number ends the app name: app names end with a letter or digit.
        const legacy = /^paas-cron-(.+)-([0-9]+)$/.exec(unit);
        if (legacy && legacy[1] === app) return [{ unit, n: Number(legacy[2]), legacy: true }];
        return [];
    });
}

/** The repository of images built for the app (`paas/<app>:<commit or digest>`). */
export const imageRepository = (app: string) => `paas/${app}`;

/** The Postgres database and role, and the Redis user, named after the app (`-` as `_`). */
export const appAccount = (app: string) => app.replace(/-/g, "_");

/** A Redis add-on's server instance (`redis-server@<instance>`, its config and data folder);
 * add-on names are `[a-z0-9_]`, so the prefix keeps them apart from Debian's own. */
export const redisInstance = (addon: string) => `paas-${addon}`;

/** The account pushed trees are unpacked as (bootstrap.sh creates it): it owns nothing else. */
export const buildUser = "paas-build";
