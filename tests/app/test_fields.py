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


def test_bind_reports_user_edits_and_show_values_does_not_echo(qtbot):
    from PySide6.QtWidgets import QCheckBox, QComboBox

    from bonegui.app.protocol.binding import bind, show_values

    box, combo, check = RangeSpinBox(), QComboBox(), QCheckBox("on")
    for w in (box, combo, check):
        qtbot.addWidget(w)
    box.set_allowed(0, 10, unit="y")
    combo.addItem("Female", "female")
    combo.addItem("Male", "male")
    edits = []
    bind(box, lambda key, v: edits.append((key, v)), "age")
    bind(combo, lambda v: edits.append(("sex", v)))
    bind(check, lambda key, v: edits.append((key, v)), "measured")
    show_values((box, 4.0), (combo, "male"), (check, True))
    assert (box.value(), combo.currentData(), check.isChecked()) == (4.0, "male", True)
    assert edits == []  # the document's own values never come back as edits
    box.stepBy(1)
    combo.setCurrentIndex(0)  # a user's pick: the index changes, then activated (set alone: silent)
    combo.activated.emit(0)
    check.click()
    assert edits == [("age", 5.0), ("sex", "female"), ("measured", False)]
