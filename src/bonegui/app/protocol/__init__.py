"""The protocol builder's parts: patient form, therapy list and editor, activity (loading)
changes and the preset bar. ``bonegui.app.protocol_panel.ProtocolPanel`` puts them together."""
