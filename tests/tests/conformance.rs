//! Conformance suites against their committed pass lists.
