import { grantApp, keyEntry, parseEntries, renderEntries } from "./deploy-keys";

const a = "ssh-ed25519 AAAAC3NzaA";
const b = "ssh-rsa AAAAB3NzaB";

test("an entry is forced to the git shell of its apps, restricted, and the key's own comment is dropped", () => {
    expect(keyEntry(a, ["shop"])).toBe(`restrict,command="paas-git-shell shop" ${a} paas:shop`);
    expect(keyEntry(a, ["api", "shop"])).toBe(`restrict,command="paas-git-shell api shop" ${a} paas:api,shop`);
});

test("one key that deploys two apps is one entry naming both", () => {
    let grants = grantApp(new Map(), "shop", [`${a} me@laptop`]);
    grants = grantApp(grants, "api", [`${a} me@laptop`, b]);
    expect(renderEntries(grants, [])).toBe(`${keyEntry(a, ["api", "shop"])}\n${keyEntry(b, ["api"])}\n`);
});

test("setting an app's keys takes it out of every other key's entry; a key with no app left goes", () => {
    const text = `${keyEntry(a, ["api", "shop"])}\n${keyEntry(b, ["shop"])}\n`;
    const { grants, other } = parseEntries(text);
    expect(renderEntries(grantApp(grants, "shop", []), other)).toBe(`${keyEntry(a, ["api"])}\n`);
});

test("entries of the earlier one-app form are read, and lines that are not the platform's are kept", () => {
    const { grants, other } = parseEntries(`${keyEntry(a, ["shop"])}\n${keyEntry(a, ["shop-2"])}\nssh-ed25519 AAAAother admin\n`);
    expect([...grants]).toEqual([[a, ["shop", "shop-2"]]]);
    expect(other).toEqual(["ssh-ed25519 AAAAother admin"]);
});
