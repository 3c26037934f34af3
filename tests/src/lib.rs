//! `layerlab-tests`: browser end-to-end tests, in `browser/` (one integration
//! binary). This library is empty; run the tests with `cargo xtask test`,
//! which builds `dist/` and installs Chromium first.
