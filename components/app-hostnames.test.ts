import * as pulumi from "@pulumi/pulumi";
import { checkAppHostnames } from "./app-hostnames";

test("two Apps asking for one hostname fail, naming the field and both apps; appName is the name on the platform", () => {
    expect(() => checkAppHostnames("paas.example", {
        shop: { domains: [{ name: "shop.example.com" }] },
        blog: { appName: "news", domains: [{ name: "news.example.com" }, { name: "shop.example.com" }] },
    })).toThrow("domains[1].name: shop.example.com (app news) is already a hostname of app shop: a hostname belongs to one app");
    expect(() => checkAppHostnames("paas.example", { shop: {}, blog: { domains: [{ name: "shop.paas.example" }] } }))
        .toThrow("domains[0].name: shop.paas.example (app blog) is already a hostname of app shop");
    expect(() => checkAppHostnames("paas.example", { shop: { domains: [{ name: "shop.example.com" }] }, blog: { domains: [{ name: "blog.example.com" }] } })).not.toThrow();
});

test("Apps whose name or domains are known only later, or a platform domain known later, are left to the host", () => {
    expect(() => checkAppHostnames("paas.example", { shop: { domains: [{ name: "shared.example.com" }] }, blog: { domains: pulumi.output([{ name: "shared.example.com" }]) } })).not.toThrow();
    expect(() => checkAppHostnames(pulumi.output("paas.example"), { shop: { domains: [{ name: "x.example.com" }] }, blog: { domains: [{ name: "x.example.com" }] } })).not.toThrow();
});
