"""What one launch of the web app is configured with: its port, its secret token, its folder.

A new token and a new private folder are made for every launch, so a link or a file from an
earlier launch is worth nothing later.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: The only address the server listens on: the coordinator's own machine.
HOST = "127.0.0.1"
#: Largest request body accepted (a workbook upload with its form fields).
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
#: Most form fields and files in one request.
MAX_FIELDS = 16
MAX_FILES = 1
#: Name of the cookie that carries the launch token in the browser.
TOKEN_COOKIE = "matcher_token"
#: Name of the cookie that carries the chosen page language.
LANGUAGE_COOKIE = "matcher_lang"


def new_token() -> str:
    """A random launch token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def private_folder() -> Path:
    """A new folder only this user can read (``mkdtemp`` makes it mode 0700)."""
    return Path(tempfile.mkdtemp(prefix="matcher-web-"))


@dataclass
class WebConfig:
    """One launch: the port it serves on, its token, where uploads and results live, and how
    many rounds may run at the same time (one background process each)."""

    port: int
    token: str = field(default_factory=new_token)
    folder: Path = field(default_factory=private_folder)
    round_slots: int = 1
    max_upload_bytes: int = MAX_UPLOAD_BYTES

    @property
    def origins(self) -> frozenset[str]:
        """The origins a page of this app has; state-changing requests must come from one."""
        return frozenset({f"http://{HOST}:{self.port}", f"http://localhost:{self.port}"})

    @property
    def hosts(self) -> frozenset[str]:
        """The Host headers accepted: anything else is a DNS-rebinding attempt."""
        return frozenset({f"{HOST}:{self.port}", f"localhost:{self.port}"})

    @property
    def url(self) -> str:
        """The address the browser is opened at, with the token that logs it in."""
        return f"http://{HOST}:{self.port}/?token={self.token}"
