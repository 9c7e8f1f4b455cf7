"""Classifiers behind the seed API, as scikit-learn style estimators. Qt-free.

TensorFlow is imported only when a network is built, trained or loaded.
"""

import os

# TensorFlow's C++ INFO/WARNING lines (oneDNN notices, CPU feature hints) are noise for users;
# errors still show. Set before any TensorFlow import; an explicit user setting wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
