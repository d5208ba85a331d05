import { imageOwner } from "./build-bases";

const records = new Map([
    ["shop", new Set(["docker.io/library/nginx:1.25"])],
    ["blog", new Set(["registry.example.com/private/blog:1", "docker.io/library/nginx:1.25", "docker.io/library/redis:7"])],
]);

test("an image is the app's own by its repository, its label or its records (even when another app's records name it too)", () => {
    expect(imageOwner("shop", { Id: "a", RepoTags: ["paas/shop:0123456789ab"] }, records)).toMatchObject({ own: true });
    expect(imageOwner("shop", { Id: "a", RepoTags: [], Config: { Labels: { "paas.app": "shop" } } }, records)).toMatchObject({ own: true });
    expect(imageOwner("shop", { Id: "a", RepoTags: ["nginx:1.25"] }, records)).toMatchObject({ own: true });
});

test("another app's image: its repository, its label, or only its records name it", () => {
    expect(imageOwner("shop", { Id: "a", RepoTags: ["paas/blog:1"] }, records)).toMatchObject({ own: false, other: "blog" });
    expect(imageOwner("shop", { Id: "a", RepoTags: ["x:1"], Config: { Labels: { "paas.app": "blog" } } }, records)).toMatchObject({ own: false, other: "blog" });
    expect(imageOwner("shop", { Id: "a", RepoTags: ["registry.example.com/private/blog:1"] }, records)).toMatchObject({ own: false, other: "blog" });
    expect(imageOwner("shop", { Id: "a", RepoTags: ["redis:7"] }, records)).toMatchObject({ own: false, other: "blog" });
    // An app whose name starts with another's is not that app.
    expect(imageOwner("blo", { Id: "a", RepoTags: ["paas/blog:1"] }, records)).toMatchObject({ own: false, other: "blog" });
});

test("an image no name points at is a build's layer; a named one of no app is a public base", () => {
    expect(imageOwner("shop", { Id: "a", RepoTags: [], RepoDigests: [] }, records)).toEqual({ own: false, other: undefined, unnamed: true });
    expect(imageOwner("shop", { Id: "a", RepoTags: null, RepoDigests: ["<none>@<none>"] }, records)).toMatchObject({ unnamed: true });
    expect(imageOwner("shop", { Id: "a", RepoTags: ["debian:bookworm-slim"] }, records)).toEqual({ own: false, other: undefined, unnamed: false });
    expect(imageOwner("shop", { Id: "a", RepoDigests: [`debian@sha256:${"0".repeat(64)}`] }, records)).toMatchObject({ unnamed: false, other: undefined });
});
