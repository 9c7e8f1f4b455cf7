"""Live BCI over Lab Streaming Layer (LSL): the Qt-free core (issue 13, first part).

Layer ``bcigui.online`` sits between ``bcigui.app`` and ``bcigui.store``: it may use the store
(the shared :class:`~bcigui.store.manager.ModelManager` cache), the classifiers and the data
layer; the app, the CLI and the window call it.

Modules
-------
``lsl_config``
    An ``lsl_api.cfg`` confining LSL to this machine (tests, replays).
``streams``
    :func:`discover_streams` and :class:`StreamDescription`.
``units``
    Channel units from the stream description, converted to volts.
``inlets``
    The EEG inlet (MNE-LSL ``StreamLSL`` ring buffer) and marker sources.
``epoching``
    Online epoching with the model's stored settings (:class:`OnlineEpocher`).
``runner``
    :class:`OnlineRunner`: markers -> epochs -> predictions, with counters.
``speller``
    Speller layouts and Bayesian evidence accumulation with dynamic stopping.
``pseudo_online``
    Simulated speller selections from labelled epochs.
``decisions``
    Speller decisions on an LSL marker stream (``bcigui-decisions``).
"""
