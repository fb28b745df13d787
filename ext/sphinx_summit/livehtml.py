"""``make livehtml``: sphinx-autobuild, ending with the ``make`` that started it.

Ctrl-C reaches make and the server alike; but when ``make`` alone is ended
(closed terminal, ``kill``), its child would keep serving on its port. On
Linux the server is therefore asked to receive SIGTERM when its parent dies
(``prctl(PR_SET_PDEATHSIG)``, kept across ``exec``). Arguments are
sphinx-autobuild's.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1


def main() -> None:
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (AttributeError, OSError):  # not Linux: Ctrl-C still ends both
        pass
    if os.getppid() != parent:  # the parent ended before the request was made
        sys.exit(1)
    autobuild = Path(sys.executable).with_name("sphinx-autobuild")
    os.execv(autobuild, [str(autobuild), *sys.argv[1:]])


if __name__ == "__main__":
    main()
