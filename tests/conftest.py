import os

# Qt tests run headless everywhere (CI sets this too); must be set before Qt is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Window tests run the model in the worker thread (deterministic, no process per window on a
# 2-core CI machine); tests/app/test_worker.py covers the child-process path explicitly.
os.environ.setdefault("BONEGUI_INPROCESS", "1")
