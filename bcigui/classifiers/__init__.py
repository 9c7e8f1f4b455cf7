"""Classifiers behind the seed API, as scikit-learn style estimators. Qt-free.

TensorFlow is imported only when a network is built, trained or loaded.
"""
