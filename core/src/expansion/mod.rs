//! (in progress: written by the expansion helper)
