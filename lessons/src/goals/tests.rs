//! Tests of the goal predicates against the engine.
