"""Entry point of the PyInstaller bundle (packaging/bonegui.spec): the `bonegui` command.

freeze_support() comes first. The window now runs the model in a thread, not in a
multiprocessing child, but any 'spawn' child of a frozen app is this same executable started
with multiprocessing's own arguments, and freeze_support() is what turns it into the child
(it never returns there); kept so that a child started by any part stays correct.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from bonegui.cli import main

    raise SystemExit(main())
