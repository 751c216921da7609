"""Container health check without curl in the image: exit 0 when /health answers 200."""

from __future__ import annotations

import os
import sys
import urllib.request


def main() -> int:
    """Ask the service on this container's port for /health."""
    url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/health"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
