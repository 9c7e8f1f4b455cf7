"""The desktop application: the only package that imports Qt.

PySide6 is pinned to 6.11.3: the 6.12.0 wheel on CPython 3.11 drops a reference to ``None`` on
every call of a C++ method that returns ``void`` (``setObjectName``, pyqtgraph's ``setData``...),
and the interpreter aborts ("Fatal Python error: none_dealloc") after a few thousand calls.
``tests/gui/test_pyside_refcount.py`` guards the pin.
"""
