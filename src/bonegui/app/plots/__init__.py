"""The four stacked plots and what they show.

- ``area``: ``PlotArea``, the x-linked plots, time cursor, pinned-run overlays and frame pacing;
- ``series``: which Result series each plot draws, with labels, colours and display transforms;
- ``axes``: the secondary axes (age under years, g/cm² beside the T-score, the range axis);
- ``readout``: ``ReadoutPanel``, every series at the cursor with its unit and class.
"""
