//! The one integration-test binary of `layerlab-core`: black-box tests through
//! the public API, including the external conformance corpora.

mod analysis;
mod base_images;
mod compose_robustness;
mod conformance;
mod parse_in_halves;
mod properties;
mod robustness;
mod tidy;
