"""``python -m tocsin.cli``: the same as the ``tocsin`` command."""

from . import main

main()
