"""The application core: one Qt-free function per user action, called by the window's
workers, the CLI and scripts alike.

* :mod:`~bcigui.app.pairing`: pair X files with their label files;
* :mod:`~bcigui.app.data_check`: read and check the Training tab's files;
* :mod:`~bcigui.app.fitting`: hold out a test set (``split_trials``), train and save
  (``train_and_save``);
* :mod:`~bcigui.app.cv_training`: cross-validate and save (``fit_with_cross_validation``);
* :mod:`~bcigui.app.prediction`: predict files, recordings or trials with a model;
* :mod:`~bcigui.app.predictions_csv`: the one CSV layout of predictions;
* :mod:`~bcigui.app.live`: run a model live on LSL streams (``run_live``) and check a model
  against a stream (``check_live_compatibility``);
* :mod:`~bcigui.app.online_readiness`: pseudo-online speller evaluation of a model;
* :mod:`~bcigui.app.training`, :mod:`~bcigui.app.inference`: the GUI's worker jobs over them.

Each function takes plain arguments and, where it runs long, the core's ``progress`` callable
and ``cancel`` token (:mod:`bcigui.classifiers.progress`).
"""
