"""The application core: one Qt-free function per user action (split, check, train, predict,
export, ...), called by the window's workers, the CLI and scripts alike."""
