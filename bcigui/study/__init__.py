"""Studies: compare pipelines and tune them with honest (nested) cross-validation.

A study (:class:`~bcigui.study.spec.StudySpec`, a TOML file) runs as independent tasks
(:mod:`bcigui.study.tasks`) on local processes or a Dask cluster
(:mod:`bcigui.study.executors`), caches every finished row on disk (:mod:`bcigui.study.cache`)
and compares the pipelines (:mod:`bcigui.study.compare`). The application's one function for
the "study" action is :func:`bcigui.app.study.run_study`. This package never imports Qt, the
CLI or the app layer; Dask is imported only when a Dask executor runs.
"""
