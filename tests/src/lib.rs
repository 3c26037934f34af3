//! Browser end-to-end tests (in progress).
