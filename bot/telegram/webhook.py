"""The webhook's HTTP server, after python-telegram-bot's custom-webhook example: a small tornado app that
checks the secret, reads the update and puts it on the Application's update queue.

PTB's built-in server answers a body that is no JSON with a 500 and a traceback; here a request with the
right secret but a broken body gets a 400 and one log line, and a port already in use is an OSError at
start (which `run` turns into one line and exit code 2).
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application, ExtBot

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 10 * 1024 * 1024  # Telegram's updates are a few KB; anything this big is not one


class _UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, app: Application[Any, Any, Any, Any, Any, Any], secret: str) -> None:
        self.app = app
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.set_status(403)
            return
        body = self.request.body
        try:
            data = json.loads(body)
            update = Update.de_json(data, self.app.bot) if isinstance(data, dict) else None
        except Exception:  # any body that is not an update is the sender's error
            update = None
        if update is None:
            log.warning("webhook: refused a request with the right secret whose body (%d bytes) is no update",
                        len(body))
            self.set_status(400)
            return
        if isinstance(self.app.bot, ExtBot):
            self.app.bot.insert_callback_data(update)
        await self.app.update_queue.put(update)

    def log_exception(self, *args: Any) -> None:
        """Nothing: a failed request is answered with its status; the worker's own lines say the rest."""


class _HookApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: one line per update comes from the handlers."""


class WebhookServer:
    """Listens on `listen:port` for POSTs to `path` (`start` raises OSError when the port is taken)."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], path: str, secret: str) -> None:
        route = "/" + path.strip("/")
        hook = _HookApp([(route.rstrip("/") + "/?", _UpdateHandler, {"app": app, "secret": secret})])
        self._server = tornado.httpserver.HTTPServer(hook, max_body_size=MAX_BODY)

    def start(self, listen: str, port: int) -> None:
        self._server.listen(port, address=listen)

    async def stop(self) -> None:
        self._server.stop()
        await self._server.close_all_connections()
