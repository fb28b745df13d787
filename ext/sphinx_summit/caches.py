"""Where the build keeps what it draws, one file per hash of its content: the
diagrams (``mermaid/drawing.py``) and the pictures of link previews (``hosting.py``).

By default in the doctrees folder, which a clean build starts without;
``SUMMIT_DIAGRAM_CACHE`` names a folder that clean builds keep and several
builds can share (``make html`` uses ``.cache/drawings``; the test suite one
of its own).
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_VARIABLE = "SUMMIT_DIAGRAM_CACHE"


def drawing_cache(app, folder: str, shared_folder: str = "") -> Path:
    """The folder of one kind of drawing: ``folder`` in the doctrees, or
    ``shared_folder`` in the folder SUMMIT_DIAGRAM_CACHE names."""
    shared = os.environ.get(CACHE_VARIABLE)
    return Path(shared, shared_folder) if shared else Path(app.doctreedir, folder)
