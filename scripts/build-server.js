#!/usr/bin/env node
// Builds bin/server/, the folder the PlatformHost component copies to the host: the host runtime
// (host/main.ts and everything it imports, shared/ and its client libraries included) bundled into
// one file that Debian 12's Node.js runs, beside the bash entry points. Fast (well under a
// second), so tests and `up:local` run it every time.
const esbuild = require("esbuild");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "bin", "server");
// What runs on the host besides paas.js: the bootstrap and the check that runs it, the git user's two entry points, the prune timer, the watch for kills for memory.
const scripts = ["bootstrap.sh", "run-upload.sh", "paas-git-shell", "git-pre-receive.sh", "paas-prune.service", "paas-prune.timer", "paas-oom-watch", "paas-oom-watch.service"];

function build() {
    fs.rmSync(`${out}.new`, { recursive: true, force: true });
    fs.mkdirSync(`${out}.new`, { recursive: true });
    esbuild.buildSync({
        entryPoints: [path.join(root, "host", "main.ts")],
        outfile: path.join(`${out}.new`, "paas.js"),
        bundle: true,
        platform: "node",
        // Debian 12's nodejs package.
        target: "node18",
        format: "cjs",
        banner: { js: "#!/usr/bin/node" },
        // pg's optional native binding is not installed, and never used.
        external: ["pg-native"],
        legalComments: "none",
        logLevel: "warning",
    });
    fs.chmodSync(path.join(`${out}.new`, "paas.js"), 0o755);
    for (const script of scripts) {
        fs.copyFileSync(path.join(root, "host", script), path.join(`${out}.new`, script));
        fs.chmodSync(path.join(`${out}.new`, script), 0o755);
    }
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(`${out}.new`, out);
}

module.exports = { build, serverDir: out };
if (require.main === module) build();
