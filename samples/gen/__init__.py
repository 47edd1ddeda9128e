"""The sample generator: writers per format, each scenario as data, one engine.

- writers: ``zap`` (controller-runtime zap console), ``controller`` (the controller's reconciles
  as log lines), ``ginkgo_console`` (``ginkgo -v``), ``ginkgo_report`` (``--json-report``),
  ``junit`` (``--junit-report``), ``cri`` (container log files), ``kind`` (node journals, the
  ``kind export logs`` tree, ``.tar.gz``), ``truth`` (``truth.json``); ``timefmt`` holds the
  time layouts they share.
- data: ``scenarios/<name>.scn`` (one file per scenario, read by ``scenario_file``), ``model``
  (the types), ``suite`` and ``setup_output`` (the kubernaut Notification E2E suite).
- ``engine``: a scenario in, its files out. ``python -m samples.gen`` rewrites samples/.
"""
