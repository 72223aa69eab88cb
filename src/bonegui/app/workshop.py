"""Workshop features (files, autosave, pins, export, glossary, lessons). PLACEHOLDER."""


def install(window) -> None:
    """Add the workshop menus/actions to a MainWindow. Called once at the end of its __init__."""
