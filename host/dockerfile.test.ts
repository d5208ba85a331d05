import { fullReference, imageUses, instructions, repositoryOf, triggerUses } from "./dockerfile";

const uses = (text: string) => imageUses(instructions(text)).map(u => [u.line, u.instruction, u.image, u.base]);

test("every stage's FROM is an image the build reads; stage names, numbers and scratch are not", () => {
    expect(uses([
        "# syntax=docker/dockerfile:1",
        "FROM node:18 AS build",
        "RUN npm ci",
        "from --platform=linux/amd64 debian:bookworm-slim as Runtime",
        "COPY --from=build /app /app",
        "COPY --from=0 /x /x",
        "COPY --from=RUNTIME /y /y",
        "FROM runtime",
        "FROM scratch",
    ].join("\n"))).toEqual([
        [2, "FROM node:18", "node:18", true],
        [4, "FROM debian:bookworm-slim", "debian:bookworm-slim", true],
    ]);
});

test("COPY --from, ADD --from and RUN --mount from= name images too, on the line they start", () => {
    expect(uses([
        "FROM base",
        "COPY --chown=1:1 \\",
        "     --from=paas/blog:0123456789ab / /stolen",
        "ADD --from=registry.example.com/x:1 /a /a",
        "RUN --mount=type=bind,from=paas/blog:1,source=/,target=/m cat /m/secret",
        "COPY --from=1 /a /a",
    ].join("\n"))).toEqual([
        [1, "FROM base", "base", true],
        [2, "COPY --from=paas/blog:0123456789ab", "paas/blog:0123456789ab", false],
        [4, "ADD --from=registry.example.com/x:1", "registry.example.com/x:1", false],
        [5, "RUN --mount=type=bind,from=paas/blog:1,source=/,target=/m", "paas/blog:1", false],
        [6, "COPY --from=1", "1", false],
    ]);
});

test("ARGs before the first FROM are put in as the builder does; what cannot be read is refused", () => {
    expect(uses("ARG APP=paas/blog\nARG TAG\nFROM ${APP}:${TAG:-latest}\nFROM $APP\nFROM x${TAG:+-y}")
        .map(u => u[2])).toEqual(["paas/blog:latest", "paas/blog", "x"]);
    expect(() => uses("FROM base\nARG LATE=paas/blog\nCOPY --from=$LATE / /")).toThrow(
        "Dockerfile line 3: COPY --from=$LATE: names its image with a variable the platform cannot read; write the image's name");
    expect(() => uses("ARG X\nFROM ${X/a/b}")).toThrow(/^Dockerfile line 2: names its image with a variable/);
});

test("comments, blank lines, continuations and the escape directive are read as Docker reads them", () => {
    expect(instructions("# escape=`\n\n# a comment\nFROM a `\n  # inside\n  AS b\nRUN x \\\n")).toEqual([
        { line: 4, keyword: "FROM", rest: "a   AS b" },
        { line: 7, keyword: "RUN", rest: "x \\" },
    ]);
    expect(uses("FROM\ta\n")).toEqual([[1, "FROM a", "a", true]]);
    expect(() => uses("FROM\n")).toThrow("Dockerfile line 1: FROM names no image");
});

test("a base image's ONBUILD triggers name images as written in it, after the stages before", () => {
    expect(triggerUses("COPY --from=paas/blog:1 / /x", 3, ["build"]).map(u => [u.line, u.image, u.instruction]))
        .toEqual([[3, "paas/blog:1", "COPY --from=paas/blog:1 (an ONBUILD trigger of its base image)"]]);
    expect(triggerUses("COPY --from=build / /x", 3, ["build"])).toEqual([]);
    expect(triggerUses("RUN make", 3, [])).toEqual([]);
});

test("references in full, as Docker reads names", () => {
    expect(fullReference("paas/blog:1")).toBe("docker.io/paas/blog:1");
    expect(fullReference("nginx")).toBe("docker.io/library/nginx:latest");
    expect(fullReference("index.docker.io/paas/blog")).toBe("docker.io/paas/blog:latest");
    expect(fullReference("localhost:5000/a")).toBe("localhost:5000/a:latest");
    expect(fullReference(`a@sha256:${"0".repeat(64)}`)).toBe(`docker.io/library/a@sha256:${"0".repeat(64)}`);
    expect(repositoryOf("localhost:5000/a:1")).toBe("localhost:5000/a");
    expect(repositoryOf(`docker.io/paas/blog@sha256:${"0".repeat(64)}`)).toBe("docker.io/paas/blog");
});
