"""The model store: its SQLite index, :class:`~bcigui.store.manager.ModelManager`, library
operations (import, export, trash, annotations) and legacy pickle import. Qt-free."""
