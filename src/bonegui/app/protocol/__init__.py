"""The protocol builder (the left dock): ``panel.ProtocolPanel`` puts together the preset bar,
the patient form, the therapy list and editor, the activity (loading) changes and the evidence
panel for the selected agent. ``fields`` holds the form building blocks they share."""
