"""The range spin box shows values the way people write them."""

import pytest

from bonegui.app.protocol.fields import RangeSpinBox


@pytest.mark.parametrize("value, text", [(3.5, "3.5 d"), (0.0625, "0.0625 d"), (7.0, "7 d"), (10.25, "10.25 d")])
def test_no_trailing_zeros_but_full_precision(qtbot, value, text):
    box = RangeSpinBox()
    qtbot.addWidget(box)
    box.set_allowed(0.0625, 14, unit="d")  # gonadorelin's interval range needs 4 decimals
    box.setValue(value)
    assert box.text() == text
    box.lineEdit().setText(text)
    box.interpretText()
    assert box.value() == value
