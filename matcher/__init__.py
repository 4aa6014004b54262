"""matcher: match adult vocational-training participants to training places and timetables."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("matcher")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.1.0"
