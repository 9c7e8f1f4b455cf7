"""The model store: the ``.bcimodel`` file format and where models live. Qt-free."""
