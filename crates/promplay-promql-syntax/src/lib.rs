//! PromQL syntax: the lexer, the parser and its AST (every node carries a
//! byte span into the query), the type checks Prometheus' parser performs,
//! and a pretty-printer in the style of `promtool promql format`.
