"""The sample app.

GET /              the GREETING config var, byte for byte
GET /healthz       200 once the app serves
GET /env/NAME      the config var NAME, byte for byte (404 when unset)
POST /visits       with DATABASE_URL: inserts a row; GET /visits: how many rows there are
GET /release       the RELEASE_NOTE config var, to tell releases apart
"""
import os
import signal
import sys
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


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/":
            return self.reply(200, os.environ.get("GREETING", "hello from paas").encode("utf-8", "surrogateescape"))
        if self.path == "/healthz":
            return self.reply(200, "ok")
        if self.path.startswith("/env/"):
            value = os.environ.get(self.path[len("/env/"):])
            return self.reply(200, value.encode("utf-8", "surrogateescape")) if value is not None else self.reply(404, "unset")
        if self.path == "/visits":
            return self.visits(insert=False)
        return self.reply(404, "not found")

    def do_POST(self):
        if self.path == "/visits":
            return self.visits(insert=True)
        return self.reply(404, "not found")

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
        return self.reply(200, str(count))

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    # As PID 1 in its container the app must handle SIGTERM itself to stop promptly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "5000"))), Handler).serve_forever()
