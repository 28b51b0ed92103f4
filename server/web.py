"""The browser client's pages and files: web_client/ as it is on disk, no build step.

Pages are plain HTML that load ES modules from /client/; the npm packages the client imports
(installed by `npm ci` in web_client/) are served from /vendor/PACKAGE/dist/..., their dist
folders only, so a classroom LAN needs no CDN.
"""
from __future__ import annotations

from functools import lru_cache
from html import escape
from pathlib import Path

import markdown
from flask import Blueprint, Response, abort, request, send_from_directory

CLIENT = Path(__file__).resolve().parent.parent / "web_client"
RULEBOOK = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
# Only these packages' dist folders are reachable under /vendor/.
VENDORED = {"socket.io-client": "dist"}
PAGES = {
    "/": "join.html",
    "/play": "play.html",
    "/facilitate": "facilitate.html",
    "/projector": "projector.html",
    "/solo": "solo.html",
    "/debrief": "debrief.html",
    "/guide/<scenario_id>": "guide.html",
    "/print": "print.html",
    "/class": "class.html",
    "/report": "report.html",
}

web = Blueprint("web", __name__)


def _page(filename: str):
    def serve(**_url_parts):  # /guide/<scenario_id>: the page reads its id from the address
        return send_from_directory(CLIENT / "pages", filename, max_age=0)
    serve.__name__ = "page_" + filename.split(".")[0]
    return serve


for _url, _file in PAGES.items():
    web.add_url_rule(_url, view_func=_page(_file))


@lru_cache(maxsize=4)
def _rulebook_html(mtime: float) -> str:
    """docs/rules.md as a page of the client (cached until the file changes). The rulebook is the
    project's own text, so its Markdown is trusted; nothing a player types is in it."""
    body = markdown.markdown(RULEBOOK.read_text(encoding="utf-8"), extensions=["tables", "sane_lists"],
                             output_format="html")
    title = "The rulebook — Crisis Table"
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{escape(title)}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/client/css/app.css">
  <link rel="stylesheet" href="/client/css/player.css">
</head>
<body class="page-rules">
  <a class="skip" href="#main">Skip to the rules</a>
  <header class="bar"><p class="bar-title">Crisis Table</p><a class="bar-item" href="/">Join a table</a></header>
  <main id="main" tabindex="-1"><article class="card rulebook">
{body}
  </article></main>
</body>
</html>
"""


@web.route("/rules")
def rules_page():
    """The rulebook, docs/rules.md, rendered to HTML for players."""
    html = _rulebook_html(RULEBOOK.stat().st_mtime)
    return Response(html, mimetype="text/html")  # its CSP and headers: secure_headers


# Each URL prefix is served from its own folder with send_from_directory, whose safe_join
# refuses any path that leaves that folder: "/client/js/../pages/play.html" asks for
# "../pages/play.html" inside web_client/js and gets 404, however the client sends it.
@web.route("/client/js/<path:path>")
def client_module(path: str):
    """The client's own ES modules."""
    return send_from_directory(CLIENT / "js", path, max_age=0)


@web.route("/client/css/<path:path>")
def client_style(path: str):
    return send_from_directory(CLIENT / "css", path, max_age=0)


@web.route("/vendor/<package>/<folder>/<path:path>")
def vendor_file(package: str, folder: str, path: str):
    """A file from an npm package's dist folder (web_client/node_modules, installed by npm ci)."""
    if VENDORED.get(package) != folder:
        abort(404)
    return send_from_directory(CLIENT / "node_modules" / package / folder, path, max_age=3600)


@web.after_app_request
def secure_headers(response):
    """On every response of the app (pages, files, JSON, errors): no MIME sniffing, no Referer
    (a page's URL may name a game), and a Content-Security-Policy: the pages' own for HTML, none
    of anything for the rest, which no browser should render as a document."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if response.mimetype == "text/html":
        # Player text is rendered with textContent; the policy is a second wall against markup.
        host = request.host  # websockets to this server only ('self' does not cover ws: everywhere)
        policy = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                  f"connect-src 'self' ws://{host} wss://{host}; object-src 'none'; base-uri 'none'; "
                  "frame-ancestors 'none'; form-action 'self'")
    else:
        policy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    response.headers.setdefault("Content-Security-Policy", policy)
    return response
