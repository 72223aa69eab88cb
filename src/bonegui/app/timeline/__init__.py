"""The timeline editor above the plots: lanes of therapy blocks, hormone override keyframes and
activity changes on the plots' time axis. ``editor.TimelineEditor`` is the widget; the lane
items draw and handle the mouse, ``geometry`` is the pure (Qt-free) editing arithmetic."""
