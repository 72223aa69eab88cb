import pytest


@pytest.fixture(autouse=True)
def _default_app_style(qapp):
    """Presentation mode changes the application-wide font and palette; a test that leaves it
    on must not change what the next test measures (font sizes, minimum widths)."""
    yield
    from bonegui.app import style

    if qapp.font().pointSize() != style.DEFAULT.font_pt:
        style.apply_app_style(qapp, False)
