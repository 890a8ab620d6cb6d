"""Engine, tables and migrations of the library store."""
