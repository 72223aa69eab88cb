"""The Help menu's windows: About and the first-start disclaimer, keyboard shortcuts, the
glossary (with the glossary tooltips it installs on other panels) and Model vs evidence (the
validation table and its figure, which ``bonegui validate --report`` also draws)."""
