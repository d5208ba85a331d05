import { keyEntry, withoutApp } from "./deploy-keys";

test("an entry is forced to the app's git shell, restricted, and marked with the app", () => {
    expect(keyEntry("shop", "ssh-ed25519 AAAAC3Nza me@laptop; rm -rf /")).toBe('restrict,command="paas-git-shell shop" ssh-ed25519 AAAAC3Nza paas:shop');
});

test("removing an app's entries keeps every other app's, even one whose name starts the same", () => {
    const text = [keyEntry("shop", "ssh-ed25519 A"), keyEntry("shop-2", "ssh-ed25519 B"), keyEntry("shop", "ssh-rsa C"), ""].join("\n");
    expect(withoutApp(text, "shop")).toEqual([keyEntry("shop-2", "ssh-ed25519 B")]);
});
