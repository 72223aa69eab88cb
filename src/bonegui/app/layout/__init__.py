"""How the window fits its screen: from a 1024x768 projector to a 1600x1000 laptop.

- ``adaptive``: ``AdaptiveLayout``, the rules the window follows as its size or mode changes
  (side docks share one side as tabs when the window is narrow, the toolbars wrap to a second
  row, presentation mode hides the docks and folds the timeline's lanes);
- ``report``: ``layout_report(window)``, what the layout is, measured on the real widgets
  (data areas per plot, text that overlaps other text, anything cut off): ``bonegui
  --screenshot F.png --layout-report F.json`` writes it, the tests read it at four sizes;
- ``window_layout``: ``WindowLayout``, the main window's docks, splitter, the timeline aligned
  with the plots, and the saved layout (a mixin of MainWindow).

Which plot rows fit is the plots' own rule (bonegui.app.plots.rows).
"""
