"""`motcua sms-simulator --port 8025`: a local SMS gateway SIMULATOR for development and tests.

It is a real HTTP service (http.server) that accepts exactly what `HttpSmsProvider` sends
(POST JSON `{"to", "text"}` to any path) and keeps the messages in memory; `GET /messages`
returns them as JSON. It sends nothing to any phone. Point the app at it with
`MOTCUA_SMS_URL=http://127.0.0.1:8025/sms`.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from django.core.management.base import BaseCommand


class SimulatorHandler(BaseHTTPRequestHandler):
    """Keeps posted messages; answers GET /messages."""

    messages: ClassVar[list[dict[str, Any]]] = []
    lock = threading.Lock()

    def _json(self, status: int, body: Any) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            self._json(400, {"error": "JSON không hợp lệ"})
            return
        if not isinstance(payload, dict) or not payload.get("to") or not payload.get("text"):
            self._json(422, {"error": "Cần 'to' và 'text'"})
            return
        with self.lock:
            self.messages.append({"to": str(payload["to"]), "text": str(payload["text"])})
            count = len(self.messages)
        self._json(200, {"status": "accepted", "id": count})

    def do_GET(self) -> None:
        if self.path.rstrip("/") == "/messages":
            with self.lock:
                self._json(200, {"messages": list(self.messages)})
            return
        self._json(404, {"error": "not found"})

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


class Command(BaseCommand):
    help = "Chạy cổng SMS giả lập (simulator) trên máy: nhận JSON, GET /messages để xem."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        server = ThreadingHTTPServer((options["host"], options["port"]), SimulatorHandler)
        self.stdout.write(
            f"Cổng SMS giả lập (simulator) tại http://{options['host']}:{options['port']}/ "
            "(GET /messages). Ctrl+C để dừng."
        )
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
