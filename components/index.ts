// The paas component library: a Heroku-like platform on one Debian 12 host, as Pulumi components.
export * from "./addon";
export * from "./app";
export * from "./app-hostnames";
export * from "../shared/app-spec";
export * from "./cloud-init";
export * from "./connection";
export * from "./linode-server";
export * from "../shared/nginx-vhost";
export * from "./platform";
export * from "./platform-host";
export * from "./postgres-addon";
export * from "./redis-addon";
export * from "./remote-command";
export * as validate from "./validate";
