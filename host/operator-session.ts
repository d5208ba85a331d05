// The operator's ssh session going away. Without a terminal sshd sends the command no signal when
// the client leaves: it closes the pipes (a write fails) and exits (this process is reparented).
// A quiet `paas logs -f` or `paas run` notices either, and ends what it started.

/** Calls LEFT once when the session that started this process is gone. */
export function whenOperatorLeaves(left: () => void): void {
    const parent = process.ppid;
    let done = false;
    const once = () => { if (!done) { done = true; clearInterval(timer); left(); } };
    const timer = setInterval(() => { if (process.ppid !== parent) once(); }, 1000);
    timer.unref();
    process.stdout.on("error", once);
    for (const signal of ["SIGHUP", "SIGTERM", "SIGINT"] as const) process.on(signal, once);
}
