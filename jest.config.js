// Two projects: fast unit tests (Pulumi mocks, pure functions) and the end-to-end
// suites that drive the real engine against real hosts.
const common = {
    preset: "ts-jest",
    testEnvironment: "node",
    // Type-checking is tsc's job (`npm run build`); tests only transpile.
    transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
};
module.exports = {
    // bin/server (the host runtime the suites install) is rebuilt before any suite runs.
    globalSetup: "<rootDir>/test/harness/build-server.js",
    projects: [
        { ...common, displayName: "unit", testMatch: ["<rootDir>/components/**/*.test.ts", "<rootDir>/shared/**/*.test.ts", "<rootDir>/host/**/*.test.ts", "<rootDir>/test/unit/**/*.test.ts"] },
        { ...common, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"], slowTestThreshold: 600 },
    ],
};
