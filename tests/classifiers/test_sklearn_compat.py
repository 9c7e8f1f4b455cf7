"""scikit-learn conventions: get/set_params, clone, pipelines, CV, and the estimator checks."""

from __future__ import annotations

import pytest
from sklearn.base import clone, is_classifier
from sklearn.model_selection import cross_val_score
from sklearn.utils.estimator_checks import parametrize_with_checks

from bcigui import SVM, SVNN, LSTMLayer, LSTMNet, SequenceEncoder
from bcigui.classifiers.csp_lda import CSPLDA
from bcigui.classifiers.eegnet import EEGNet
from bcigui.classifiers.shrinkage_lda import ShrinkageLDA
from bcigui.classifiers.xdawn_riemann import XdawnRiemann
from bcigui.data.synthetic import make_p300


def test_get_set_params_and_clone():
    net = LSTMNet(encoder=SequenceEncoder(layers=[LSTMLayer(hidden_size=7)]), epochs=3)
    params = net.get_params()
    assert params["epochs"] == 3 and params["encoder"].layers[0].hidden_size == 7
    twin = clone(net)
    assert twin is not net and twin.get_params() == params
    assert twin.encoder is not net.encoder  # a deep copy: changing one leaves the other alone
    twin.set_params(epochs=9)
    assert net.epochs == 3
    with pytest.raises(ValueError, match="Invalid parameter"):
        net.set_params(nonsense=1)
    assert is_classifier(net) and is_classifier(SVM())


def test_clone_of_fitted_model_is_unfitted():
    ts = make_p300(n_trials=60, random_state=0)
    svm = SVM().fit(ts.X, ts.y)
    assert hasattr(svm, "classes_")
    assert not hasattr(clone(svm), "classes_")


def test_cross_validation_on_canonical_arrays():
    """Drops into sklearn CV with the MNE/pyRiemann (n_trials, n_channels, n_times) layout."""
    ts = make_p300(n_trials=180, random_state=2)
    scores = cross_val_score(
        SVM(input_adapter={"decimate": 4}), ts.X, ts.y, cv=3, scoring="roc_auc"
    )
    assert scores.mean() > 0.7  # chance is 0.5


# Checks that do not apply, each with its reason (the strings are shown by pytest as xfail):
EXPECTED_FAILED = {
    # fit() takes class_weight (per class), not sample_weight (per trial)
    "check_sample_weight_equivalence_on_dense_data": "class_weight instead of sample_weight",
    "check_sample_weight_equivalence_on_sparse_data": "class_weight instead of sample_weight",
    "check_sample_weights_not_an_array": "class_weight instead of sample_weight",
    "check_sample_weights_list": "class_weight instead of sample_weight",
    "check_sample_weights_shape": "class_weight instead of sample_weight",
    "check_sample_weights_not_overwritten": "class_weight instead of sample_weight",
    "check_sample_weights_invariance": "class_weight instead of sample_weight",
    # inputs are validated by bcigui with its own messages (naming the file or argument),
    # which differ from the exact sklearn wording these checks match
    "check_fit2d_predict1d": "1-D input refused with bcigui's message",
    "check_classifier_data_not_an_array": "bcigui validates inputs itself",
    "check_dtype_object": "bcigui validates inputs itself",
    "check_estimators_empty_data_messages": "bcigui's own wording",
    "check_n_features_in_after_fitting": "bcigui's own wording",
    "check_requires_y_none": "bcigui's own wording",
    # labels are one per trial: a 2-D y is refused instead of warned about
    "check_supervised_y_2d": "2-D y refused, not warned",
    # settings are validated when set (pydantic), so a bad value fails at once naming the field
    "check_do_not_raise_errors_in_init_or_set_params": "validated when set, naming the field",
    # SVNN and LSTMNet: two epochs do not follow the check's extreme weights
    "check_class_weight_classifiers": "two epochs do not follow the check's weights",
}
# two epochs of Adam on the checks' tiny data sets do not reach their accuracy threshold
NETWORK_EXTRA = {"check_classifiers_train": "too few epochs for the check's threshold"}


# XdawnRiemann and CSPLDA estimate a covariance per trial: they need trials
# (n_channels, n_times) with n_times >= 2, but the checks' 2-D feature matrices become trials
# of one time sample, which these pipelines refuse (DataError naming the problem) or cannot
# fit. Every check that fits on such data is therefore expected to fail for them.
COVARIANCE_REASON = "covariance pipelines need trials of >= 2 time samples; 2-D X has 1"
COVARIANCE_EXTRA = dict.fromkeys(
    "check_fit_score_takes_y check_estimators_overwrite_params check_dont_overwrite_parameters "
    "check_estimators_fit_returns_self check_readonly_memmap_input "
    "check_positive_only_tag_during_fit check_estimators_dtypes check_pipeline_consistency "
    "check_estimators_nan_inf check_estimators_pickle check_f_contiguous_array_estimator "
    "check_classifiers_classes check_classifiers_train check_methods_sample_order_invariance "
    "check_methods_subset_invariance check_fit2d_1feature check_dict_unchanged "
    "check_fit_idempotent check_fit_check_is_fitted check_n_features_in "
    "check_non_transformer_estimators_n_iter "
    "check_classifiers_multilabel_output_format_predict_proba".split(),
    COVARIANCE_REASON,
)


def _expected(estimator):
    extra = NETWORK_EXTRA if isinstance(estimator, SVNN | LSTMNet) else {}
    if isinstance(estimator, XdawnRiemann | CSPLDA):
        extra = COVARIANCE_EXTRA
    expected = {**EXPECTED_FAILED, **extra}
    if isinstance(estimator, ShrinkageLDA | SVM):
        # class_weight becomes LDA priors, or per-trial weights of the SVC and its calibration,
        # which follow the check's weights
        expected.pop("check_class_weight_classifiers")
    if isinstance(estimator, CSPLDA):
        expected.pop("check_non_transformer_estimators_n_iter")  # no n_iter_ to report
    return expected


@parametrize_with_checks(
    [
        SVM(),
        SVNN(epochs=2, batch_size=64, validation_fraction=0.0),
        LSTMNet(
            encoder=SequenceEncoder(layers=[LSTMLayer(hidden_size=4)]),
            epochs=2,
            batch_size=64,
            validation_fraction=0.0,
        ),
        ShrinkageLDA(),
        XdawnRiemann(),
        CSPLDA(),
        # EEGNet is left out: its run of these checks takes ~6 minutes on 2 cores. Run by hand
        # (EEGNet(F1=2, D=1, epochs=2, pool1=1, pool2=1, validation_fraction=0.0)), only
        # check_classifiers_train fails (NETWORK_EXTRA's reason); see test_eegnet_clone below.
    ],
    expected_failed_checks=_expected,
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_eegnet_clone_and_params():
    net = EEGNet(F1=4, epochs=3, kernel_length=32)
    twin = clone(net)
    assert twin is not net and twin.get_params() == net.get_params()
    assert is_classifier(twin) and not hasattr(twin, "classes_")
    with pytest.raises(ValueError, match="Invalid parameter"):
        net.set_params(F3=1)
