"""GET /: GREETING. GET /env/NAME: the config var NAME, byte for byte. GET /healthz: ok.
GET /version: the image's /app/VERSION. GET|POST /visits: count (and insert) rows through DATABASE_URL."""
import os
import signal
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg2


class Handler(BaseHTTPRequestHandler):
    def reply(self, status, body):
        data = body if isinstance(body, bytes) else str(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/":
            return self.reply(200, os.environb.get(b"GREETING", b"hello"))
        if self.path == "/healthz":
            return self.reply(200, "ok")
        if self.path == "/whoami":
            return self.reply(200, socket.gethostname())
        if self.path == "/version":
            try:
                return self.reply(200, open("/app/VERSION").read().strip())
            except OSError:
                return self.reply(200, "one")
        if self.path.startswith("/env/"):
            value = os.environb.get(self.path[5:].encode())
            return self.reply(200, value) if value is not None else self.reply(404, "unset")
        if self.path == "/visits":
            return self.visits(False)
        return self.reply(404, "not found")

    def do_POST(self):
        return self.visits(True) if self.path == "/visits" else self.reply(404, "not found")

    def visits(self, insert):
        conn = psycopg2.connect(os.environ["DATABASE_URL"])
        with conn, conn.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS visits (id serial PRIMARY KEY)")
            if insert:
                cur.execute("INSERT INTO visits DEFAULT VALUES")
            cur.execute("SELECT count(*) FROM visits")
            count = cur.fetchone()[0]
        conn.close()
        return self.reply(200, count)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
