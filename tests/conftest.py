import os

# Qt tests run headless everywhere (CI sets this too); must be set before Qt is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
