//! Compile-time behaviour of `#[route_handlers]`: every diagnostic has a case in
//! `ui/fail` whose `.stderr` pins the message and where it points; `ui/pass` holds the
//! signatures that must compile and run.
//!
//! Bless with `TRYBUILD=overwrite cargo test -p integration-tests --test ui`, then read
//! the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
