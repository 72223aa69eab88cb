"""Help -> "Model vs evidence". PLACEHOLDER."""


def install(window) -> None:
    """Add Help -> Model vs evidence to a MainWindow. Called once at the end of its __init__."""
