"""Every simulation the window starts, in one thread, through one service.

- ``service``: ``SimulationService`` (``window.simulation``), the GUI-side owner of the
  simulation thread: the live run of the scenario being edited (newest wins, generation
  numbers) and the queued jobs (pinned runs, CSV export, Model vs evidence), one cancellation
  story for all of them, and shutdown on close.
- ``mailbox``: the live run's one-slot mailbox; ``jobs``: the queue of the other jobs.
- ``worker``: ``SimulationWorker``, which lives in the thread and is the one way into the model.
- ``result_cache``: ``ResultCache`` (``window.simulation.results``), Results by scenario for
  pins and exports.
- ``validation_job``: the calibration cases as one queued job.
- ``gui_gc``: cyclic garbage collected on the GUI thread only, from a timer, once the thread
  exists (a cycle holding widgets destroyed in the simulation thread crashed the window).
- ``cohort``: ``CohortController`` (``window.cohort``), the Cohort switch: a queued cohort job
  after each live result, newest wins, drawn as a median and a 5-95 % band.
"""
