//! Tests of reading lesson files: errors with their places.
