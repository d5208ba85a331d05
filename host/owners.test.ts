import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { otherOwner, recordOwner } from "./owners";

let dir: string, file: string;
beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "paas-owners-"));
    file = `${dir}/apps/shop/owner`;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const urn = "urn:pulumi:prod::paas::paas:index:App::shop";

test("recordOwner writes the owner (mode 0644), replaces it, and writes nothing without one", () => {
    recordOwner(file, undefined);
    recordOwner(file, "");
    expect(fs.existsSync(file)).toBe(false);
    recordOwner(file, urn);
    expect(fs.readFileSync(file, "utf8")).toBe(`${urn}\n`);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe("644");
    recordOwner(file, `${urn}-2`);
    expect(fs.readFileSync(file, "utf8")).toBe(`${urn}-2\n`);
});

test("otherOwner names the recorded owner only when it differs from the one given", () => {
    expect(otherOwner(file, urn)).toBeUndefined(); // nothing recorded
    recordOwner(file, urn);
    expect(otherOwner(file, urn)).toBeUndefined();
    expect(otherOwner(file, undefined)).toBeUndefined(); // no owner given: no claim to check
    expect(otherOwner(file, "urn:pulumi:prod::paas::paas:index:App::renamed")).toBe(urn);
});

test("the recorded owner is compared without surrounding whitespace", () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `  ${urn}\n\n`);
    expect(otherOwner(file, urn)).toBeUndefined();
    expect(otherOwner(file, "urn:other")).toBe(urn);
});
