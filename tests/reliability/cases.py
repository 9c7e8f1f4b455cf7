"""The reliability suite's case registry: every case, what must happen, and the tests that check it.

A case may be checked by tests elsewhere (tests/data, tests/store, tests/gui) that were written
with the core, store and desktop issues; they are reused here rather than duplicated.
benchmarks/reliability_report.py runs every listed test and renders docs/reliability.md from
this table; tests/reliability/test_registry.py keeps the table and the tests in step.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AREAS", "CASES", "HOSTILE_AREAS", "Case"]


@dataclass(frozen=True)
class Case:
    """One reliability case.

    Parameters
    ----------
    id : str
        Short identifier (area letter + number).
    area : str
        A key of :data:`AREAS`.
    case : str
        What is thrown at the app.
    expected : str
        What must happen.
    tests : tuple of str
        Pytest node ids (``path::function``, parametrized functions without brackets).
    """

    id: str
    area: str
    case: str
    expected: str
    tests: tuple[str, ...]


AREAS = {
    "data": "Hostile and malformed data files (.npy)",
    "recording": "Recordings (EDF/BDF/FIF)",
    "model": "Hostile and malformed model files",
    "property": "Property-based tests (hypothesis)",
    "fault": "Faults and load",
    "window": "The window under stress (pytest-qt, offscreen)",
}
#: Areas whose cases count as "hostile inputs" (target: at least 40).
HOSTILE_AREAS = ("data", "recording", "model")

_DATA = "tests/data/test_npy_io.py::"
_HD = "tests/reliability/test_hostile_data.py::"
_CLS = "tests/classifiers/test_classifier_errors.py::"
_MF = "tests/store/test_model_file.py::"
_PAY = "tests/store/test_payloads.py::"
_HM = "tests/reliability/test_hostile_models.py::"
_LEG = "tests/store/test_legacy.py::"
_SREL = "tests/store/test_reliability.py::"
_FLT = "tests/reliability/test_faults.py::"
_PROP = "tests/reliability/test_properties.py::"
_WIN = "tests/reliability/test_window_stress.py::"
_REC = "tests/reliability/test_hostile_recordings.py::"
_RECD = "tests/data/test_recordings.py::"

_NAMED = "DataFileError naming the file"
_NAMED_M = "ModelFileError naming the file"
_NOTHING_RUN = "; nothing runs (marker file stays absent)"


def _c(id_: str, area: str, case: str, expected: str, *tests: str) -> Case:
    return Case(id_, area, case, expected, tests)


CASES: tuple[Case, ...] = (
    # ------------------------------------------------------------------ data files
    _c("D01", "data", ".npy holding pickled Python objects",
       _NAMED + " ('holds Python objects'); never unpickled" + _NOTHING_RUN,
       _DATA + "test_pickled_object_array_is_refused_and_runs_no_code"),
    _c("D02", "data", "header claiming a huge shape (petabytes; 2**62 x 2**62)",
       _NAMED + " ('truncated: header promises N bytes'), before any allocation, < 1 s",
       _HD + "test_header_claiming_a_huge_shape_is_refused_before_reading"),
    _c("D03", "data", "header length field claiming 4 GB",
       _NAMED + " ('damaged .npy header')", _HD + "test_header_length_field_claiming_4_gb"),
    _c("D04", "data", "label header with an absurd string itemsize (<U1000000000)",
       _NAMED + "; nothing allocated", _HD + "test_header_with_absurd_string_itemsize"),
    _c("D05", "data", "truncated data", _NAMED + " ('truncated: header promises ... file has')",
       _DATA + "test_truncated_file"),
    _c("D06", "data", "truncated or damaged header; unsupported format version",
       _NAMED, _DATA + "test_truncated_header", _DATA + "test_damaged_header",
       _DATA + "test_unsupported_format_version"),
    _c("D07", "data", "big-endian, float16, int16/int32, uint8, bool arrays",
       "accepted and converted to float32 with the same values",
       _DATA + "test_other_real_dtypes_are_converted_to_float32"),
    _c("D08", "data", "Fortran-ordered array", "accepted, same values as C order",
       _DATA + "test_fortran_order_is_accepted"),
    _c("D09", "data", "non-ASCII file names (ñ, CJK, emoji, Greek with spaces)",
       "loaded; errors name the file with its own characters",
       _HD + "test_non_ascii_file_names_load_and_are_named_in_errors"),
    _c("D10", "data", "file name with bytes that are not UTF-8",
       "loaded; the error message can be shown and logged",
       _HD + "test_undecodable_bytes_in_a_file_name"),
    _c("D11", "data", "very long file names (255-byte name; 300-byte name; path over PATH_MAX)",
       "the longest legal name loads; longer ones give a " + _NAMED,
       _HD + "test_longest_allowed_file_name_loads", _HD + "test_too_long_file_name_and_path"),
    _c("D12", "data", "symlink loop", _NAMED + " ('Too many levels of symbolic links')",
       _HD + "test_symlink_loop"),
    _c("D13", "data", "dangling symlink", "MissingDataFileError (a FileNotFoundError) naming it",
       _HD + "test_dangling_symlink_is_a_missing_file"),
    _c("D14", "data", "symlink to an endless device (/dev/zero)",
       _NAMED + " ('not a regular file'); never read",
       _HD + "test_symlink_to_an_endless_device_is_not_read"),
    _c("D15", "data", "named pipe (FIFO) with a .npy name", _NAMED + "; never blocks",
       _DATA + "test_fifo_is_refused_without_blocking"),
    _c("D16", "data", "file vanishing between listing and reading",
       "MissingDataFileError naming it ('disappeared before it could be read')",
       _HD + "test_file_vanishing_between_listing_and_reading"),
    _c("D17", "data", "file shrinking while it is read (a writer rewrites it)",
       _NAMED + " ('truncated: header promises N values, only M could be read')",
       _HD + "test_file_shrinking_while_being_read"),
    _c("D18", "data", ".npz archive renamed to .npy; text file; zero-byte file",
       _NAMED + " ('not a NumPy .npy file' / 'empty file')",
       _HD + "test_npz_archive_renamed_to_npy", _DATA + "test_bad_magic",
       _DATA + "test_zero_byte_file"),
    _c("D19", "data", "complex, structured or string arrays as trial data", _NAMED,
       _DATA + "test_complex_dtype_is_refused",
       _DATA + "test_strings_and_records_are_refused_as_data"),
    _c("D20", "data", "X and y lists of different length",
       "DataError naming the first file without a partner",
       _DATA + "test_x_and_y_lists_of_different_length", _CLS + "test_lists_of_different_length"),
    _c("D21", "data", "missing path; path below a file; suffix other than .npy",
       "MissingDataFileError / " + _NAMED, _DATA + "test_missing_path",
       _DATA + "test_path_below_a_file_is_missing", _DATA + "test_not_npy_suffix"),
    _c("D22", "data", "NaN, Inf, or float64 values overflowing float32",
       _NAMED + " with the first bad index", _DATA + "test_nan_is_refused",
       _DATA + "test_inf_is_refused_in_a_stack",
       _DATA + "test_float64_overflowing_float32_is_refused"),
    _c("D23", "data", "empty array or empty stack; T = 0", _NAMED,
       _DATA + "test_empty_array", _DATA + "test_empty_stack", _DATA + "test_zero_time_samples"),
    _c("D24", "data", "ndim other than 2 or 3", _NAMED + " with the expected shapes",
       _DATA + "test_wrong_number_of_dimensions"),
    _c("D25", "data", "feature count differing across files", _NAMED + " and the first file",
       _DATA + "test_feature_count_differs_across_files"),
    _c("D26", "data", "label count not matching the trials; label shape that fits nothing",
       _NAMED, _DATA + "test_label_count_does_not_match_trials",
       _DATA + "test_label_shape_that_fits_nothing"),
    _c("D27", "data", "ambiguous per-frame label mode (also a 4-way tie over 100,000 frames)",
       _NAMED + " ('equally frequent')", _DATA + "test_ambiguous_per_frame_mode",
       _HD + "test_label_file_that_is_a_huge_per_frame_tie"),
    _c("D28", "data", "only one class in training; test classes unseen in training",
       "DataError before training; nothing saved", _CLS + "test_only_one_class",
       _CLS + "test_test_classes_unseen_in_training"),
    _c("D29", "data", "directory passed as a file; unreadable file", _NAMED,
       _DATA + "test_directory_passed_as_file", _DATA + "test_unreadable_file_chmod",
       _DATA + "test_unreadable_file_permission_error"),
    _c("D30", "data", "label bytes that are not UTF-8; non-integral float labels; int and "
       "string labels mixed", _NAMED + " / DataError naming both files",
       _HD + "test_unicode_label_bytes_that_are_not_utf8",
       _DATA + "test_non_integral_float_labels_are_refused",
       _DATA + "test_mixed_int_and_string_labels_across_files"),
    _c("D31", "data", "whole-number float labels beyond int64 (1e20, 2e20)",
       _NAMED + " ('too large for int64'); never wrapped into one class",
       _HD + "test_whole_float_labels_beyond_int64_are_refused_not_wrapped"),
    _c("D32", "data", "invalid classifier settings", "ConfigError naming the field",
       "tests/classifiers/test_config.py::test_invalid_values_name_the_field"),
    # ------------------------------------------------------------------ recordings
    _c("R01", "recording", "truncated EDF, BDF and FIF recordings (header cut; data cut)",
       "DataFileError naming the file (also for EDF/BDF cut mid-data, which MNE would read "
       "short with only a warning)",
       _REC + "test_truncated_recording", _RECD + "test_truncated_file_names_the_file"),
    _c("R02", "recording", "recording without events or annotations; mapped keys that match no "
       "event", "DataFileError naming the file ('no events found'; the events that exist)",
       _RECD + "test_no_events_and_unknown_keys"),
    _c("R03", "recording", "events that map to one class only",
       "DataError ('yields only one class') unless one class is asked for",
       _RECD + "test_no_events_and_unknown_keys"),
    _c("R04", "recording", "epochs outside the recording (all; some at the edges; a window "
       "longer than the recording or the epochs)", "DataFileError naming the file when nothing is "
       "left; dropped epochs counted in the log with the reason; the surviving events traceable",
       _REC + "test_epochs_outside_the_recording", _RECD + "test_no_events_and_unknown_keys",
       _RECD + "test_epochs_file_by_name_or_code_and_window_checks"),
    _c("R05", "recording", "channel set that does not match the model (other, fewer, reordered); "
       "recordings that disagree with each other",
       "DataError naming the file and the missing channels; reordered channels matched by name",
       _REC + "test_channels_not_matching_the_model",
       _RECD + "test_mismatching_recordings_name_both_files"),
    # ------------------------------------------------------------------ model files
    _c("M01", "model", "Python pickle renamed .bcimodel (also dropped into the store)",
       _NAMED_M + " pointing to import_legacy(trust=True); listed broken" + _NOTHING_RUN,
       _MF + "test_pickle_renamed_is_refused_and_never_run",
       _HM + "test_pickle_dropped_into_the_store_is_listed_and_never_run"),
    _c("M02", "model", "zip bomb (50 MB of zeros; total size over the limit)",
       _NAMED_M + " ('zip bomb'); nothing inflated", _MF + "test_zip_bomb_by_ratio",
       _MF + "test_zip_bomb_by_total_size"),
    _c("M03", "model", "manifest.json that is a zip bomb (40 MB of blanks)",
       "listed broken in < 5 s; " + _NAMED_M, _HM + "test_manifest_that_is_a_zip_bomb"),
    _c("M04", "model", "zip size headers that lie (smaller / gigantic)", _NAMED_M,
       _MF + "test_lying_size_headers"),
    _c("M05", "model", "zip members with ../ or absolute paths (read and import)",
       _NAMED_M + " ('unsafe member name'); nothing written anywhere",
       _MF + "test_foreign_members_are_refused",
       _HM + "test_zip_with_parent_paths_writes_nothing_anywhere"),
    _c("M06", "model", ".keras payload with a Lambda layer (payload and complete file)",
       _NAMED_M + " ('Lambda layer')" + _NOTHING_RUN,
       _PAY + "test_keras_lambda_layer_is_refused_and_never_run",
       _PAY + "test_keras_safe_mode_backs_up_the_scan",
       _HM + "test_keras_lambda_layer_in_a_complete_model_file"),
    _c("M07", "model", ".keras config naming a non-Keras module (os.system)", _NAMED_M,
       _HM + "test_keras_config_naming_a_non_keras_module"),
    _c("M08", "model", "skops payload referencing os.system / builtins.eval",
       _NAMED_M + " naming the untrusted type" + _NOTHING_RUN,
       _PAY + "test_dangerous_functions_are_refused",
       _HM + "test_skops_payload_referencing_a_dangerous_function"),
    _c("M09", "model", "skops payload with an object whose state runs code",
       _NAMED_M + " ('not trusted')" + _NOTHING_RUN,
       _PAY + "test_untrusted_object_is_never_constructed",
       _HM + "test_skops_object_with_code_in_its_state"),
    _c("M10", "model", "hostile (correctly hashed) model file imported into the library",
       "refused at import or kept inert and refused at load" + _NOTHING_RUN,
       _HM + "test_import_of_a_hostile_file_runs_nothing"),
    _c("M11", "model", "manifest hash does not match the payload or arrays",
       _NAMED_M + " ('checksum mismatch'); marked broken",
       _MF + "test_payload_checksum_mismatch", _MF + "test_arrays_checksum_mismatch",
       _SREL + "test_tampered_payload_is_caught_on_load_without_verify"),
    _c("M12", "model", "manifest with wrong types or hostile values (unknown type, payload name "
       "../../x, invalid hyperparameters, foreign preprocessing)", _NAMED_M,
       _MF + "test_wrong_field_type", _MF + "test_invalid_uuid",
       _HM + "test_manifest_with_hostile_fields"),
    _c("M13", "model", "manifest with missing fields", _NAMED_M + " naming the field",
       _MF + "test_missing_required_field", _MF + "test_missing_manifest"),
    _c("M14", "model", "future schema version", _NAMED_M + " ('newer'); listed broken",
       _MF + "test_newer_schema",
       "tests/store/test_manager.py::test_newer_schema_is_refused_and_listed_broken"),
    _c("M15", "model", "legacy .pkl with a hostile global (os.system, eval, exec, subprocess, "
       "__import__, getattr, copy_reg, codecs), refused even with trust=True",
       "UntrustedPickleError naming the file and the global" + _NOTHING_RUN,
       _LEG + "test_hostile_pickles_are_refused_without_running",
       _LEG + "test_hostile_global_inside_a_prototype_object"),
    _c("M16", "model", "legacy .pkl without an explicit trust decision",
       "refused; the pickle is never opened", _LEG + "test_nothing_is_unpickled_without_trust"),
    _c("M17", "model", "manifest JSON attacks: 100,000-deep nesting, NaN, 5,000-digit integer, "
       "UTF-16", "listed broken with the reason; " + _NAMED_M,
       _HM + "test_manifest_json_attacks"),
    _c("M18", "model", "duplicate member names (a shadowing second manifest)",
       _NAMED_M + " ('appears twice')", _HM + "test_duplicate_member_names"),
    _c("M19", "model", "every truncation of a model file; one flipped byte", _NAMED_M,
       _MF + "test_every_truncation_is_refused", _MF + "test_flipped_byte_is_refused"),
    _c("M20", "model", "not a zip (HDF5, text, broken zip); empty file; a folder", _NAMED_M,
       _MF + "test_not_a_zip", _MF + "test_empty_file", _MF + "test_folder"),
    _c("M21", "model", "object arrays inside arrays.npz; array header claiming more data",
       _NAMED_M + _NOTHING_RUN, _MF + "test_object_arrays_are_refused_and_never_run",
       _MF + "test_array_header_claiming_more_data"),
    _c("M22", "model", "unsupported zip compression", _NAMED_M,
       _MF + "test_unsupported_compression"),
    _c("M23", "model", "symlinks in the store: to /dev/zero, a loop; a folder named .bcimodel",
       "listing finishes (< 5 s), each listed broken with a reason; loading is refused",
       _HM + "test_symlinks_in_the_store_do_not_hang_or_break_listing"),
    _c("M24", "model", "damaged files in the store (truncated, tampered, empty, foreign, missing "
       "fields)", "each listed broken with its reason; the rest of the store works",
       _SREL + "test_damaged_files_are_listed_broken_and_the_rest_works"),
    _c("M25", "model", "manifest classes that do not match the payload (none; three for a "
       "two-class model)", "ModelFileError at load (known bug: loads, then query() raises "
       "IndexError; expected to fail until fixed)",
       _HM + "test_manifest_classes_not_matching_the_payload"),
    # ------------------------------------------------------------------ properties
    _c("P01", "property", "arbitrary bytes (and bytes after the .npy magic) into the .npy reader",
       "an array or a " + _NAMED, _PROP + "test_npy_reader_on_arbitrary_bytes"),
    _c("P02", "property", "arbitrary arrays (any dtype, shape, order, maybe truncated) as trials",
       "read with the same values as float32, or refused with a " + _NAMED,
       _PROP + "test_npy_reader_on_arbitrary_arrays"),
    _c("P03", "property", "arbitrary arrays as label files", "one label per trial, or a " + _NAMED,
       _PROP + "test_label_files_on_arbitrary_arrays"),
    _c("P04", "property", "arbitrary arrays into the label normaliser and reducer",
       "the unique mode, values kept exactly, or a " + _NAMED,
       _PROP + "test_label_reducer_on_arbitrary_arrays"),
    _c("P05", "property", "arbitrary bytes into the model-file reader",
       "ModelFileError naming the file; inspect never raises",
       _PROP + "test_model_reader_on_arbitrary_bytes"),
    _c("P06", "property", "real model files with random flipped bytes and truncation",
       "refused, or accepted with the original payload byte for byte",
       _PROP + "test_model_reader_on_damaged_real_files"),
    _c("P07", "property", "arbitrary zips with model-like member names", _NAMED_M,
       _PROP + "test_model_reader_on_arbitrary_zips"),
    # ------------------------------------------------------------------ faults and load
    _c("F01", "fault", "SIGKILL at random points during saves (50 times)",
       "never a partial model; the index reconciles; every listed model loads",
       _SREL + "test_sigkill_during_saves_never_leaves_a_partial_model"),
    _c("F02", "fault", "two processes saving 50 models each to one label at once",
       "100 distinct files, all indexed, none overwritten",
       _SREL + "test_two_processes_save_to_one_label_at_once"),
    _c("F03", "fault", "a writer killed while it holds the index", "the index stays usable",
       _SREL + "test_index_survives_a_killed_writer_mid_transaction"),
    _c("F04", "fault", "disk full (ENOSPC) while the model is written (nothing fits; half "
       "written)", "OSError naming the file; no partial or temporary file; old models intact; "
       "saving works once there is space",
       _FLT + "test_disk_full_while_saving_through_the_manager"),
    _c("F05", "fault", "disk full at fsync or at the final link", "the same",
       _FLT + "test_disk_full_at_the_last_step",
       "tests/store/test_atomic.py::test_atomic_write_disk_full_names_the_file"),
    _c("F06", "fault", "a real kernel refusal: file-size limit (RLIMIT_FSIZE, EFBIG) in a child",
       "OSError naming the file; the store unharmed",
       _FLT + "test_real_file_size_limit_while_saving"),
    _c("F07", "fault", "a store of 10,000 models with 50 broken ones",
       "opens and lists all 10,000; the 50 broken ones with their reasons; newest-model lookup "
       "skips them", _FLT + "test_store_of_10000_models_with_50_broken"),
    _c("F08", "fault", "a model file cut while the app runs", "reconcile marks it broken; "
       "others load", _FLT + "test_a_truncated_zip_next_to_good_ones_keeps_them_loading"),
    _c("F09", "fault", "deleting a model that a running query uses",
       "the query goes on; the model leaves the cache",
       _SREL + "test_deleting_a_model_in_use_does_not_break_a_running_query"),
    _c("F10", "fault", "corrupt or missing index database", "rebuilt from the files",
       "tests/store/test_index.py::test_corrupt_or_missing_database_is_rebuilt",
       "tests/store/test_index.py::test_garbage_written_while_open_is_survived"),
    _c("F11", "fault", "soak: train, save, load, infer, delete N models in one process",
       "memory growth after warm-up < 10 %; no file-descriptor or thread growth",
       "tests/reliability/test_soak.py::test_soak_train_save_load_infer_delete"),
    # ------------------------------------------------------------------ window
    _c("W01", "window", "double-clicking Train", "one run is queued (clicks within 0.6 s are "
       "one wish), saved under its own name; no error", _WIN + "test_double_click_on_train"),
    _c("W02", "window", "closing the window mid-training", "exits within 2 s; no model and no "
       "temporary file",
       "tests/gui/test_main_window.py::test_close_during_training_asks_then_stops_within_2_s",
       _WIN + "test_close_mid_training_leaves_no_file_at_all"),
    _c("W03", "window", "deleting a model while it is loaded in Inference",
       "no crash or dialog; the tab lets go of the model; inference keeps working",
       _WIN + "test_delete_a_model_while_it_is_loaded_in_inference"),
    _c("W04", "window", "the store folder removed while the app runs",
       "the library empties; the next training recreates the folder and saves",
       _WIN + "test_store_folder_removed_while_running"),
    _c("W05", "window", "the store made read-only while the app runs (EROFS; chmod when not "
       "root)", "the run fails with a message naming the store; the library keeps its models; "
       "training works again once writable", _WIN + "test_store_made_read_only_while_running"),
    _c("W06", "window", "switching tabs and running inference during training",
       "inference finishes while training runs; Stop works",
       _WIN + "test_switch_tabs_and_infer_during_training"),
    _c("W07", "window", "an exception inside a worker (injected into scikit-learn)",
       "shown in an error dialog with the traceback; the app keeps running and trains again",
       _WIN + "test_exception_inside_a_worker_is_shown_and_the_app_goes_on"),
    _c("W08", "window", "an exception inside a slot", "lands in an error dialog",
       "tests/gui/test_app.py::test_exception_in_a_slot_lands_in_a_dialog"),
)  # fmt: skip
