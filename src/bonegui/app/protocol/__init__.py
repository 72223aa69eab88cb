"""The protocol builder (the left dock): the case, the patient and what is given.

- ``panel``: ``ProtocolPanel`` puts the sections together (with the evidence panel below);
- ``preset_bar``, ``patient_form``, ``therapy_section``, ``activity_section``: the sections;
  ``section``: the collapsible frame around each; ``summary``: their one-line summaries;
- ``evidence_panel``: mechanism and evidence grade of the selected agent (from the catalogue);
- ``fields``: the form building blocks (range spin box, field with hint and error line, the
  refused-edit message); ``binding``: one call binds a widget to the document.
"""
