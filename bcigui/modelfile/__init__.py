"""The ``.bcimodel`` file format: zip safety, atomic writes, the manifest, payload codecs,
library versions and store paths. Qt-free and estimator-free: it never imports a classifier."""
