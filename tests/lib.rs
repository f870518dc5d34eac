//! Integration tests of `app-router`: see the files in `tests/`.
