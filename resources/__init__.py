"""Data shipped with the app: catalogue, presets, lessons, glossary, schema, validation cases, icons."""
