//! The PromQL functions, one call per step (owned by helper pfn; this is the
//! placeholder the evaluator calls until pfn's implementations land).
//!
//! The evaluator resolves a call once and then calls [`call`] for every step
//! with the arguments' values at that step; see [`crate::call`] for what the
//! arguments and the context hold.

use crate::call::{FnArg, FnCtx};
use crate::result::QueryError;
use crate::value::Sample;

/// Evaluates function `name` for one step.
pub fn call(name: &str, args: &[FnArg], ctx: &mut FnCtx) -> Result<Vec<Sample>, QueryError> {
    let _ = args;
    Err(QueryError::at(ctx.call_span, format!("function {name:?} is not implemented yet")))
}
