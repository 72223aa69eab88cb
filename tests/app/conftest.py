import pytest


@pytest.fixture(autouse=True)
def _default_app_style(qapp):
    """Presentation mode changes the application-wide font and palette; a test that leaves it
    on must not change what the next test measures (font sizes, minimum widths)."""
    yield
    from bonegui.app import style

    if qapp.font().pointSize() != style.DEFAULT.font_pt:
        style.apply_app_style(qapp, False)


@pytest.fixture(autouse=True)
def _windows_destroyed_before_the_next_test(qapp):
    """pytest-qt closes each test's widgets and calls deleteLater, but processEvents does not run
    deferred deletes outside an event loop, so a window used to be destroyed at some point of a
    later test, by Qt or by the garbage collector, whichever came first. Destroy them here, Qt
    first (every child wrapper is then invalidated), then collect the Python side."""
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()
