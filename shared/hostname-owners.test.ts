import { checkAppsHostnames, checkHostnamesFree, hostnameRequests } from "./hostname-owners";
import { ValidationError } from "./rules";

const domain = "paas.example";
const refusal = (check: () => void) => {
    try {
        check();
    } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as Error).message;
    }
    return "ok";
};

describe("hostnameRequests", () => {
    test("the default hostname is asked for by appName, the others by their domains", () => {
        expect(hostnameRequests(["shop.paas.example", "shop.example.com", "www.shop.example.com"])).toEqual([
            { field: "appName", hostname: "shop.paas.example" },
            { field: "domains[0].name", hostname: "shop.example.com" },
            { field: "domains[1].name", hostname: "www.shop.example.com" },
        ]);
    });
});

describe("checkHostnamesFree", () => {
    const claims = { blog: ["blog.paas.example", "shared.example.com"], shop: ["shop.paas.example", "old.example.com"] };

    test("a hostname no other app holds is free, the app's own ones too", () => {
        expect(refusal(() => checkHostnamesFree("shop", hostnameRequests(["shop.paas.example", "old.example.com", "new.example.com"]), claims))).toBe("ok");
    });

    test("a hostname another app holds is refused, naming the field and both apps", () => {
        expect(refusal(() => checkHostnamesFree("shop", hostnameRequests(["shop.paas.example", "new.example.com", "shared.example.com"]), claims)))
            .toBe("domains[1].name: shared.example.com (app shop) is already a hostname of app blog: a hostname belongs to one app");
    });

    test("an app's default hostname held by another app as its domain is refused by appName", () => {
        expect(refusal(() => checkHostnamesFree("news", hostnameRequests(["news.paas.example"]), { blog: ["blog.paas.example", "news.paas.example"] })))
            .toBe("appName: news.paas.example (app news) is already a hostname of app blog: a hostname belongs to one app");
    });
});

describe("checkAppsHostnames", () => {
    const app = (name: string, ...domains: string[]) => ({ app: name, platformDomain: domain, domains: domains.map(d => ({ name: d })) });

    test("apps with hostnames of their own pass; one app may list a domain twice or its own default", () => {
        expect(refusal(() => checkAppsHostnames([app("shop", "shop.example.com", "shop.example.com", "shop.paas.example"), app("blog", "blog.example.com")]))).toBe("ok");
    });

    test("two apps asking for one domain: the later one's field is named", () => {
        expect(refusal(() => checkAppsHostnames([app("shop", "a.example.com", "shared.example.com"), app("blog", "b.example.com", "shared.example.com")])))
            .toBe("domains[1].name: shared.example.com (app blog) is already a hostname of app shop: a hostname belongs to one app");
    });

    test("a domain that is another app's default hostname is the domain's mistake, whichever comes first", () => {
        const message = "domains[0].name: shop.paas.example (app blog) is already a hostname of app shop: a hostname belongs to one app";
        expect(refusal(() => checkAppsHostnames([app("blog", "shop.paas.example"), app("shop")]))).toBe(message);
        expect(refusal(() => checkAppsHostnames([app("shop"), app("blog", "shop.paas.example")]))).toBe(message);
    });

    test("two definitions of one app name are refused", () => {
        expect(refusal(() => checkAppsHostnames([app("shop"), app("shop")]))).toBe("appName: shop is defined twice");
        expect(refusal(() => checkAppsHostnames([app("constructor")]))).toBe("ok");
    });
});
