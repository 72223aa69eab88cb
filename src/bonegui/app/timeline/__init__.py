"""The timeline editor above the plots: lanes of therapy blocks, hormone override keyframes and
activity changes on the plots' time axis.

- ``editor``: ``TimelineEditor``, the widget: document -> lanes, the drag protocol (preview on
  every move, one commit on release), selection; ``commands`` (its edits and context menus) and
  ``keys`` (its keyboard, one method per kind of selection) are mixed into it;
- ``lane_item``: ``LaneItem``, the base of the lane items with their shared hover and drag
  handling, and the lane backgrounds; ``therapy_block``, ``hormone_lane``, ``activity_lane``;
- ``geometry``: the editing arithmetic (snapping, limits with reasons, lane layout; no widgets);
- ``axes``: years with the age under them, and the lane labels; ``demo``: a preview scenario.
"""
