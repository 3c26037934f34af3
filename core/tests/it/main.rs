//! The one integration-test binary of `layerlab-core`: black-box tests through
//! the public API, including the external conformance corpora.

mod analysis;
mod conformance;
mod robustness;
mod tidy;
