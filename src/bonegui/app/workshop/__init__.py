"""What a teacher uses around the simulation: files, autosave, compare runs, export, lessons.

``install.install(window)`` wires them into the window's menus (``window.workshop``):

- ``files``: New / Open / Save / recent files, the unsaved-changes prompt and the title;
- ``autosave``: the session's autosave and the offer to restore after a crash;
- ``compare_runs``: pinning runs as overlays and the difference readout (View → Compare runs);
- ``export``: figures as PNG/SVG and the runs as one CSV table (File → Export);
- ``lesson_dialog``: the Lessons menu and the predict-run-explain dialog.
"""
