import * as pulumi from "@pulumi/pulumi";

/**
 * An add-on, in Heroku's sense: something provisioned on the platform host that gives the apps
 * it is attached to config vars. `PostgresAddon` gives `DATABASE_URL`, `RedisAddon` gives
 * `REDIS_URL`; an `App` takes a list of add-ons and merges their variables into its config.
 *
 * To add a kind of add-on:
 * 1. a `paas addon <kind> create|delete` command on the host (host/addons/, one module per kind, the shared flow in addon.ts) that reads JSON on
 *    stdin, is idempotent, and prints nothing secret;
 * 2. a component in components/<kind>-addon.ts that generates its credentials with `random`,
 *    runs that command with `hostCommand` (fixed command line, JSON on stdin, logging off) and
 *    exposes `env` (and a `url`), both wrapped in `pulumi.secret`;
 * 3. its export in components/index.ts, and a unit test beside it.
 *
 * The interface is data only, so any object with `env` works: from another language, pass
 * `{ env: db.env }`.
 */
export interface Addon {
    /** Config vars the add-on gives each app it is attached to; the values are secrets. */
    readonly env: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The name app containers reach services on the host by (Docker's host-gateway). */
export const hostFromContainers = "paas-host";

/** The config vars of a list of add-ons, merged; two add-ons giving the same name is an error. */
export function addonEnv(addons: pulumi.Input<Addon>[] | undefined): pulumi.Output<Record<string, string>> {
    const envs = (addons ?? []).map(a => pulumi.output(a as pulumi.Input<Addon>).apply(x => pulumi.output(x.env)));
    return pulumi.all(envs).apply(list => {
        const merged: Record<string, string> = {};
        list.forEach((env, n) => {
            for (const [key, value] of Object.entries(env as Record<string, string>)) {
                if (key in merged) throw new Error(`addons[${n}].env.${key}: given by two add-ons`);
                merged[key] = value;
            }
        });
        return merged;
    });
}
