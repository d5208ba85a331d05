"""The sample app.

GET /              the GREETING config var, byte for byte
GET /healthz       200 once the app serves
GET /env/NAME      the config var NAME, byte for byte (404 when unset)
GET /whoami        the container's hostname, to tell instances apart
GET /version       the image's /app/VERSION ("one" when there is none), to tell images apart
GET /sleep/N       answers after N seconds (a slow request)
GET|POST /visits   with DATABASE_URL: how many rows there are (POST inserts one first)
GET|POST /counter  with REDIS_URL: the key "counter" (POST increments it first)

Like a production framework's settings, when they are set:
ALLOWED_HOSTS      comma-separated hostnames; any other Host header gets 400 (Django's rule)
FORCE_HTTPS        "1": a request that did not come over HTTPS (X-Forwarded-Proto) is redirected there
STARTUP_DELAY      seconds to wait before serving (a slow boot)
"""
import os
import signal
import socket
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import psycopg2
except ImportError:  # the app runs without a database too
    psycopg2 = None


def database():
    url = os.environ.get("DATABASE_URL")
    if not url or psycopg2 is None:
        return None
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS visits (id serial PRIMARY KEY, at timestamptz DEFAULT now())")
    return conn


def redis(*command):
    """Runs one command on the REDIS_URL server (RESP over a socket: no client library needed)."""
    url = urllib.parse.urlparse(os.environ["REDIS_URL"])
    with socket.create_connection((url.hostname, url.port or 6379), timeout=5) as conn:
        replies = conn.makefile("rb")

        def call(*args):
            words = [str(a).encode() for a in args]
            conn.sendall(b"*%d\r\n" % len(words) + b"".join(b"$%d\r\n%s\r\n" % (len(w), w) for w in words))
            line = replies.readline()
            kind, rest = line[:1], line[1:].strip()
            if kind == b"-":
                raise RuntimeError(rest.decode())
            if kind == b"$":
                size = int(rest)
                return None if size < 0 else replies.read(size + 2)[:-2].decode()
            return rest.decode()

        call("AUTH", urllib.parse.unquote(url.username), urllib.parse.unquote(url.password))
        return call(*command)


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = body if isinstance(body, bytes) else str(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def refused(self):
        """Answers, and returns True, when the settings above turn the request away."""
        allowed = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]
        host = (self.headers.get("Host") or "").split(":")[0]
        if allowed and host not in allowed:
            self.reply(400, "Bad Request: Host %r not allowed" % host)
            return True
        if os.environ.get("FORCE_HTTPS") == "1" and self.headers.get("X-Forwarded-Proto") != "https":
            self.send_response(301)
            self.send_header("Location", "https://%s%s" % (host, self.path))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return True
        return False

    def do_GET(self):
        if self.refused():
            return None
        # Config vars are returned as the bytes the process received.
        if self.path == "/":
            return self.reply(200, os.environb.get(b"GREETING", b"hello from paas"))
        if self.path == "/healthz":
            return self.reply(200, "ok")
        if self.path == "/whoami":
            return self.reply(200, socket.gethostname())
        if self.path == "/version":
            try:
                with open("/app/VERSION") as f:
                    return self.reply(200, f.read().strip())
            except OSError:
                return self.reply(200, "one")
        if self.path.startswith("/sleep/"):
            time.sleep(float(self.path[len("/sleep/"):]))
            return self.reply(200, "slept")
        if self.path.startswith("/env/"):
            value = os.environb.get(self.path[len("/env/"):].encode())
            return self.reply(200, value) if value is not None else self.reply(404, "unset")
        if self.path == "/visits":
            return self.visits(insert=False)
        if self.path == "/counter":
            return self.counter(increment=False)
        return self.reply(404, "not found")

    def do_POST(self):
        if self.refused():
            return None
        if self.path == "/visits":
            return self.visits(insert=True)
        if self.path == "/counter":
            return self.counter(increment=True)
        return self.reply(404, "not found")

    def counter(self, increment):
        if not os.environ.get("REDIS_URL"):
            return self.reply(503, "no REDIS_URL")
        if increment:
            redis("INCR", "counter")
        return self.reply(200, redis("GET", "counter") or "0")

    def visits(self, insert):
        conn = database()
        if conn is None:
            return self.reply(503, "no DATABASE_URL")
        with conn, conn.cursor() as cur:
            if insert:
                cur.execute("INSERT INTO visits DEFAULT VALUES")
            cur.execute("SELECT count(*) FROM visits")
            count = cur.fetchone()[0]
        conn.close()
        return self.reply(200, count)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    # As PID 1 in its container the app must handle SIGTERM itself to stop promptly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    time.sleep(float(os.environ.get("STARTUP_DELAY", "0")))
    port = int(os.environ.get("PORT", "5000"))
    print("listening on port %d" % port, flush=True)
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
