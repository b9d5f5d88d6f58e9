"""The relay connection as the dispatcher sees it: a monitor, a banner, and what it disables."""

from console.ui.connection.banner import ConnectionBanner
from console.ui.connection.monitor import LinkMonitor

__all__ = ["ConnectionBanner", "LinkMonitor"]
