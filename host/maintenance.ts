// `paas app maintenance`: nginx answers the app's requests with 503 while the flag file exists
// (every vhost checks it, shared/nginx-vhost.ts), so turning it on or off needs no reload and
// leaves the containers as they are.
import * as fs from "fs";
import { maintenanceFlag } from "../shared/nginx-vhost";
import { writeFileAtomic } from "./files";
import { print } from "./output";
import { paths } from "./paths";

export function setMaintenance(app: string, on: boolean): void {
    const flag = paths.under(maintenanceFlag(app));
    if (on) writeFileAtomic(flag, "on\n");
    else fs.rmSync(flag, { force: true });
    print(`maintenance of ${app}: ${on ? "on" : "off"}`);
}
