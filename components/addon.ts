import * as pulumi from "@pulumi/pulumi";

/**
 * An add-on: a resource that gives apps config vars (Heroku's add-on model). `PostgresAddon`
 * gives `DATABASE_URL`, `RedisAddon` gives `REDIS_URL`. A new kind of add-on is a component that
 * provisions what it needs on the host (typically a `paas addon <kind> create|delete` command of
 * components/server/paas.sh, with JSON on stdin) and exposes its variables as `env`.
 */
export interface Addon {
    /** Config vars the add-on contributes to each app it is attached to; values are secrets. */
    readonly env: pulumi.Output<Record<string, string>>;
}

/** Where app containers reach services on the host (Docker's host-gateway). */
export const hostFromContainers = "paas-host";
