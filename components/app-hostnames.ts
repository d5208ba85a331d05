// Two Apps on one platform asking for one hostname fail before anything is created, as the host
// would refuse the second (shared/hostname-owners.ts decides both).
import * as pulumi from "@pulumi/pulumi";
import { checkAppsHostnames } from "../shared/hostname-owners";
import { isPlain } from "./validate";

/** The arguments of an App that decide its hostnames. */
export interface AppHostnameArgs {
    /** As `AppArgs.appName`; the key it is given under when unset. */
    readonly appName?: pulumi.Input<string>;
    /** As `AppArgs.domains`. */
    readonly domains?: pulumi.Input<pulumi.Input<{ readonly name: pulumi.Input<string> }>[]>;
}

/**
 * Checks that no two of APPS (by resource name, each App's arguments) on the platform of
 * PLATFORMDOMAIN ask for one hostname, counting each app's default `<appName>.<platformDomain>`:
 * throws naming the field (`domains[n].name`) and both apps. A program with several Apps calls it
 * with all of them, after `checkAppArgs`, before it creates any resource. Apps whose name or
 * domains are known only later are left to the host, which refuses the second deploy.
 */
export function checkAppHostnames(platformDomain: pulumi.Input<string>, apps: Record<string, AppHostnameArgs>): void {
    if (!isPlain(platformDomain)) return;
    checkAppsHostnames(Object.entries(apps)
        .filter(([, a]) => isPlain(a.appName) && isPlain(a.domains))
        .map(([name, a]) => ({
            app: (a.appName as string | undefined) ?? name,
            platformDomain: platformDomain as string,
            domains: ((a.domains ?? []) as { name: string }[]).map(d => ({ name: d.name })),
        })));
}
