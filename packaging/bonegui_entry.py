"""Entry point of the PyInstaller bundle (packaging/bonegui.spec): the `bonegui` command.

freeze_support() comes first: the window runs the model in a multiprocessing 'spawn' child,
and in a frozen app that child is this same executable started with multiprocessing's own
arguments; freeze_support() turns it into the child and never returns there.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from bonegui.cli import main

    raise SystemExit(main())
