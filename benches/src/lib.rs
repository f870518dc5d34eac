//! Benchmarks of `app-router`; run them all with `benches/run` from the repository root
//! (see the README's "Benchmarks" section).
//!
//! The library holds what the benchmark programs share: the synthetic apps.

pub mod synth;
