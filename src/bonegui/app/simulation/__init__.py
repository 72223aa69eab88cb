"""Every simulation the window starts, off the GUI thread.

- ``controller``: ``SimulationController`` (``window.simulation``), the live run of the scenario
  being edited: a QThread with a one-slot mailbox (``mailbox``), its ``SimulationWorker``
  (``worker``) and the persistent model process (``child_process``).
- ``result_cache``: ``ResultCache``, pinned runs and CSV export simulated on a thread pool and
  cached by scenario.
- ``validation_worker``: ``ValidationWorker``, the calibration cases of Help → Model vs evidence
  in their own QThread.

The three share no code yet; one service with cancellation for all of them is a later step.
"""
