"""Floor 2: the Qt application (PySide6 + pyqtgraph). See docs/architecture.md.

At the top: ``main`` (``run_app``), ``main_window`` (``MainWindow``), ``document``
(``ScenarioDocument``, the one editable state), ``playback`` (the time-cursor clock and its
toolbar), ``style`` (fonts, themes and the one palette), ``numbers`` (number formatting with the
locale's separator), ``settings`` (QSettings and their keys). The features live in packages:
``simulation``, ``plots``, ``timeline``, ``protocol``, ``workshop``, ``dialogs``.
"""
