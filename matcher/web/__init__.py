"""``matcher serve``: a local web app for coordinators who do not use a terminal.

Upload a workbook (or pick a sample, or download the template), see its problems located by
sheet, row and column or a short summary, run the round with a live progress bar, and read
and download the result; capacity and compare have pages too. A small JSON API
(:mod:`matcher.web.api`) does the same for scripts. Everything stays on this machine: the
server listens on 127.0.0.1 only, every request needs the launch's token
(:mod:`matcher.web.guard`), and the uploads live in a private folder deleted at the end.
"""

from matcher.web.app import create_app
from matcher.web.config import WebConfig
from matcher.web.server import serve

__all__ = ["WebConfig", "create_app", "serve"]
