import { base64Cores, forms, hiddenOf, minHiddenLength, Redactor, urlPassword } from "./redaction";

const env = {
    SECRET_TOKEN: "s3cr3t-t0ken-value",
    DATABASE_URL: "postgres://shop:p%40ss%2Fw0rd-long@10.77.0.1:5432/shop",
    DEBUG: "true",
    WORKERS: "1",
    MOTD: "first line of it\nsecond line too",
};
const redactor = new Redactor(hiddenOf(env));

test("a value shows as its name, wherever it is in a line", () => {
    expect(redactor.redact("token=s3cr3t-t0ken-value; done")).toBe("token=[config SECRET_TOKEN]; done");
    expect(redactor.redact(`DATABASE_URL=${env.DATABASE_URL}`)).toBe("DATABASE_URL=[config DATABASE_URL]");
});

test("values shorter than the minimum stay, so digits and words of the output are left alone", () => {
    expect(minHiddenLength).toBe(8);
    expect(redactor.redact("DEBUG=true WORKERS=1 step 1/2 true")).toBe("DEBUG=true WORKERS=1 step 1/2 true");
});

test("a URL's password is hidden on its own, decoded or as it is in the URL", () => {
    expect(urlPassword(env.DATABASE_URL)).toBe("p@ss/w0rd-long");
    expect(urlPassword("redis://default:abc@h:1")).toBe("abc");
    expect(urlPassword("https://example.com/a:b@c")).toBeUndefined();
    expect(redactor.redact("password is p@ss/w0rd-long")).toBe("password is [config DATABASE_URL password]");
    expect(redactor.redact("PGPASSWORD=p%40ss%2Fw0rd-long")).toBe("PGPASSWORD=[config DATABASE_URL password]");
});

test("the URL-encoded, JSON-escaped and base64 forms are hidden too", () => {
    expect(redactor.redact(`q=${encodeURIComponent(env.DATABASE_URL)}`)).toBe("q=[config DATABASE_URL]");
    const json = JSON.stringify({ SECRET_TOKEN: env.SECRET_TOKEN, MOTD: env.MOTD });
    expect(redactor.redact(json)).toBe('{"SECRET_TOKEN":"[config SECRET_TOKEN]","MOTD":"[config MOTD]"}');
    for (const prefix of ["", "x", "xy", "xyz"]) {
        const encoded = Buffer.from(`${prefix}${env.SECRET_TOKEN}!`).toString("base64");
        expect(redactor.redact(encoded)).toContain("[config SECRET_TOKEN]");
        const decodedLeft = redactor.redact(encoded).split("[config SECRET_TOKEN]").join("");
        expect(decodedLeft.length).toBeLessThan(12);
    }
});

test("each line of a value of several lines is hidden, since output is redacted line by line", () => {
    expect(redactor.redact("first line of it")).toBe("[config MOTD]");
    expect(redactor.redact("> second line too <")).toBe("> [config MOTD] <");
});

test("base64Cores covers the three byte alignments, in both alphabets", () => {
    const cores = base64Cores("abcdefgh");
    expect(cores).toEqual(expect.arrayContaining([Buffer.from("abcdef").toString("base64"), Buffer.from("bcdefg").toString("base64"), Buffer.from("cdefgh").toString("base64")]));
    expect(base64Cores("??>??>??>").some(c => c.includes("_") || c.includes("-"))).toBe(true);
});

test("forms keep only texts of the minimum length", () => {
    expect(forms("short")).toEqual([]);
    expect(forms("12345678").every(f => f.length >= minHiddenLength)).toBe(true);
});

test("a label is never redacted again, and a longer value wins over one it contains", () => {
    const r = new Redactor(hiddenOf({ A: "abcdefghij", B: "abcdefghij-and-more", C: "[config A]-long" }));
    expect(r.redact("abcdefghij-and-more abcdefghij")).toBe("[config B] [config A]");
    expect(r.redact("[config A]-long")).toBe("[config C]");
});

test("values with characters special to regular expressions are matched as text", () => {
    const r = new Redactor(hiddenOf({ X: "a.b*c+d?(e)[f]{g}|h\\i$^" }));
    expect(r.redact("v=a.b*c+d?(e)[f]{g}|h\\i$^ w=aXbbc")).toBe("v=[config X] w=aXbbc");
});

test("nothing is hidden before a config is named", () => {
    expect(new Redactor().redact("s3cr3t-t0ken-value")).toBe("s3cr3t-t0ken-value");
});
