"""Where stancelib's warnings point: the user's line, however deep in the package they are raised.

One helper for every warning whose depth in stancelib varies with the way in (``load_model()``,
``classify(model=DIR)``, ``train()``, the command line's readers), so that a change to how the user's
frame is found (Python 3.12's ``skip_file_prefixes``, once 3.11 is dropped) is made in one place.
"""

from __future__ import annotations

import os
import sys

__all__ = ["outside_stacklevel"]


def outside_stacklevel() -> int:
    """The ``stacklevel`` for :func:`warnings.warn`, called by this function's caller, that names the first
    frame outside the stancelib package: the user's line, however many of stancelib's functions lie between.

    Call it in the function that calls :func:`warnings.warn`:
    ``warnings.warn(message, Category, stacklevel=outside_stacklevel())``. With no frame outside the
    package (the command line, or a thread's own run), the outermost frame is named.

    Python 3.12's ``skip_file_prefixes`` does this; stancelib supports 3.11.

    Returns
    -------
    int
        1 names the function that warns, 2 its caller, and so on.
    """
    # the package's folder as the frames spell it (their co_filename is what is compared), taken from this
    # module's own code, which is compiled from the same folder as every other module of the package
    package = os.path.dirname(outside_stacklevel.__code__.co_filename) + os.sep
    frame = sys._getframe(1)  # the function that calls warnings.warn: stacklevel 1
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(package):
        frame = frame.f_back
        level += 1
    return level
