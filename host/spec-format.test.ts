import { buildAppSpec } from "../shared/app-spec";
import { renderVhost } from "../shared/nginx-vhost";
import { EarlierSpec, isEarlier, specData, vhostOptions } from "./spec-format";
import type { StoredSpec } from "./state";

const { env: _env, ...built } = buildAppSpec({
    app: "shop", platformDomain: "paas.example", source: "image", image: "shop:1", env: {}, processes: { web: { count: 1 } }, port: 5000,
    healthPath: "/", domains: [{ name: "shop.example.com", tls: true }, { name: "old.example.com" }], clientMaxBodySize: "25m",
});
const spec = built as StoredSpec;

/** The spec as the host stored it before it rendered vhosts itself: the rendered text, no body size. */
function earlier(s: StoredSpec): EarlierSpec {
    const { clientMaxBodySize, ...rest } = s;
    return { ...rest, vhost: renderVhost({ app: s.app, hostnames: s.hostnames, tlsHostnames: s.tlsDomains, clientMaxBodySize }) };
}

test("a spec of the current format is data already", () => {
    expect(isEarlier(spec)).toBe(false);
    expect(specData(spec)).toBe(spec);
    expect(vhostOptions(spec)).toEqual({ app: "shop", hostnames: ["shop.paas.example", "shop.example.com", "old.example.com"],
        tlsHostnames: ["shop.example.com"], clientMaxBodySize: "25m" });
});

test("an earlier spec reads as the same data the components send now, and renders the vhost it carried", () => {
    const old = earlier(spec);
    expect(isEarlier(old)).toBe(true);
    expect(specData(old)).toEqual(spec);
    expect(renderVhost(vhostOptions(specData(old)))).toEqual(old.vhost);
});

test("an earlier spec without hostnames or tlsDomains takes them from its server names", () => {
    const tlsDefault = { ...spec, tlsDomains: ["shop.paas.example", "shop.example.com"] };
    const { hostnames: _h, tlsDomains: _t, ...old } = earlier(tlsDefault);
    const data = specData(old as EarlierSpec);
    expect(data.hostnames).toEqual(["old.example.com", "shop.paas.example", "shop.example.com"]);
    expect(data.tlsDomains).toEqual(["shop.example.com", "shop.paas.example"]);
    expect(data.clientMaxBodySize).toBe("25m");
});
