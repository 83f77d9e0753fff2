//! The PromQL abstract syntax tree, modelled on Prometheus' `promql/parser/ast.go`.
//!
//! Every node carries the byte [`Span`] of its text in the query. The shapes
//! follow upstream closely (offset and `@` of a range selector live on its
//! inner vector selector, `anchored`/`smoothed` too) so that the evaluator can
//! follow `engine.go` line by line. Durations are integer milliseconds; where
//! Prometheus 3.14 allows a duration *expression* (`[5m+step()]`,
//! `offset (1h*2)`) the node keeps the expression next to the constant and the
//! engine resolves it per query with [`DurationExpr::resolve`].

pub use crate::durations::DurationExpr;
use crate::functions::Function;
use promplay_diagnostics::Span;

/// A PromQL expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A float literal such as `1`, `0x1f`, `Inf` or a duration used as a number (`5m`).
    Number(NumberLiteral),
    /// A string literal.
    String(StringLiteral),
    /// An instant vector selector such as `up{job="api"} offset 5m`.
    VectorSelector(VectorSelector),
    /// A range vector selector such as `http_requests_total[5m]`.
    MatrixSelector(MatrixSelector),
    /// A subquery such as `rate(x[5m])[30m:1m]`.
    Subquery(SubqueryExpr),
    /// A function call.
    Call(Call),
    /// An aggregation such as `sum by (job) (x)`.
    Aggregate(AggregateExpr),
    /// A binary operation.
    Binary(BinaryExpr),
    /// A unary `-` or `+` (on anything but a number literal, which is folded).
    Unary(UnaryExpr),
    /// An expression in parentheses.
    Paren(ParenExpr),
}

/// The four types a PromQL expression can have, plus `None` for invalid nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// No valid type (only seen in error messages).
    None,
    /// A single float.
    Scalar,
    /// An instant vector.
    Vector,
    /// A range vector.
    Matrix,
    /// A string.
    String,
}

impl ValueType {
    /// The name Prometheus uses in error messages (`instant vector`, `range vector`, ...).
    pub fn documented(self) -> &'static str {
        match self {
            ValueType::None => "none",
            ValueType::Scalar => "scalar",
            ValueType::Vector => "instant vector",
            ValueType::Matrix => "range vector",
            ValueType::String => "string",
        }
    }
}

/// A number literal.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberLiteral {
    /// The value (durations in seconds).
    pub value: f64,
    /// Whether the literal was written as a duration (`5m`), so it prints as one.
    pub duration: bool,
    /// Where the literal is, including a folded leading sign.
    pub span: Span,
}

/// A string literal, already unquoted.
#[derive(Clone, Debug, PartialEq)]
pub struct StringLiteral {
    /// The unquoted value (U+FFFD where escapes made invalid UTF-8).
    pub value: String,
    /// The exact unquoted bytes, only when escapes such as `\xc5` made them
    /// invalid UTF-8; [`StringLiteral::go_quoted`] prints them as Go would.
    pub invalid_utf8: Option<Vec<u8>>,
    /// Where the literal is, including its quotes.
    pub span: Span,
}

impl StringLiteral {
    /// The value quoted like Go's `%q`, with `\x..` for bytes that are not
    /// UTF-8 (as Prometheus' messages print such strings).
    pub fn go_quoted(&self) -> String {
        match &self.invalid_utf8 {
            Some(bytes) => crate::strings::quote_bytes(bytes),
            None => crate::strings::quote_string(&self.value),
        }
    }
}

/// How a label matcher compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchOp {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `=~` (fully anchored RE2 regex)
    Regex,
    /// `!~`
    NotRegex,
}

impl MatchOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }
}

/// One label matcher of a selector.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelMatcher {
    /// The label name (`__name__` for the metric name).
    pub name: String,
    /// The comparison.
    pub op: MatchOp,
    /// The unquoted value (a regex source for `=~`/`!~`).
    pub value: String,
    /// Where the matcher is written; for the matcher implied by a metric name
    /// outside the braces, the span of that name.
    pub span: Span,
}

/// The `@` modifier of a selector or subquery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtModifier {
    /// `@ <timestamp>`, in milliseconds (rounded like `timestamp.FromFloatSeconds`).
    Timestamp(i64),
    /// `@ start()`
    Start,
    /// `@ end()`
    End,
}

/// An instant vector selector.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorSelector {
    /// The metric name written before the braces, if any.
    pub name: Option<String>,
    /// All matchers; when `name` is set, the last one is `__name__="<name>"` (as upstream).
    pub matchers: Vec<LabelMatcher>,
    /// The constant `offset` in milliseconds as written (negative allowed), 0 when absent.
    pub offset_ms: i64,
    /// The `offset` when written as a duration expression (experimental).
    pub offset_expr: Option<DurationExpr>,
    /// The `@` modifier.
    pub at: Option<AtModifier>,
    /// The `anchored` modifier (experimental extended range selectors).
    pub anchored: bool,
    /// The `smoothed` modifier (experimental extended range selectors).
    pub smoothed: bool,
    /// The selector including its modifiers when it is not inside a range selector.
    pub span: Span,
}

impl VectorSelector {
    /// The value every series must have for the `__name__` equality matcher, if any.
    pub fn metric_name(&self) -> Option<&str> {
        self.name.as_deref().or_else(|| {
            self.matchers
                .iter()
                .find(|m| m.name == "__name__" && m.op == MatchOp::Equal)
                .map(|m| m.value.as_str())
        })
    }
}

/// A range vector selector: a vector selector with a `[range]`.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSelector {
    /// The selector; its offset, `@`, `anchored` and `smoothed` apply to the range.
    pub selector: VectorSelector,
    /// The constant range in milliseconds (0 when `range_expr` is set).
    pub range_ms: i64,
    /// The range when written as a duration expression (experimental).
    pub range_expr: Option<DurationExpr>,
    /// The whole selector including range and modifiers.
    pub span: Span,
}

/// A subquery `<expr>[range:step]`.
#[derive(Clone, Debug, PartialEq)]
pub struct SubqueryExpr {
    /// The inner instant-vector expression.
    pub expr: Box<Expr>,
    /// The constant range in milliseconds (0 when `range_expr` is set).
    pub range_ms: i64,
    /// The range when written as a duration expression (experimental).
    pub range_expr: Option<DurationExpr>,
    /// The constant step in milliseconds; 0 means "the default evaluation interval".
    pub step_ms: i64,
    /// The step when written as a duration expression (experimental).
    pub step_expr: Option<DurationExpr>,
    /// The constant `offset` in milliseconds as written, 0 when absent.
    pub offset_ms: i64,
    /// The `offset` when written as a duration expression (experimental).
    pub offset_expr: Option<DurationExpr>,
    /// The `@` modifier.
    pub at: Option<AtModifier>,
    /// The whole subquery including modifiers.
    pub span: Span,
}

/// A function call.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The function, from [`crate::FUNCTIONS`].
    pub func: &'static Function,
    /// The arguments.
    pub args: Vec<Expr>,
    /// From the name to the closing parenthesis.
    pub span: Span,
}

/// The aggregation operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AggregateOp {
    /// `sum`
    Sum,
    /// `avg`
    Avg,
    /// `count`
    Count,
    /// `min`
    Min,
    /// `max`
    Max,
    /// `group`
    Group,
    /// `stddev`
    Stddev,
    /// `stdvar`
    Stdvar,
    /// `topk(k, v)`
    Topk,
    /// `bottomk(k, v)`
    Bottomk,
    /// `count_values("label", v)`
    CountValues,
    /// `quantile(q, v)`
    Quantile,
    /// `limitk(k, v)` (experimental)
    Limitk,
    /// `limit_ratio(r, v)` (experimental)
    LimitRatio,
}

impl AggregateOp {
    /// Every aggregation operator, in the order of Prometheus' documentation.
    pub const ALL: [AggregateOp; 14] = [
        AggregateOp::Sum,
        AggregateOp::Min,
        AggregateOp::Max,
        AggregateOp::Avg,
        AggregateOp::Group,
        AggregateOp::Stddev,
        AggregateOp::Stdvar,
        AggregateOp::Count,
        AggregateOp::CountValues,
        AggregateOp::Bottomk,
        AggregateOp::Topk,
        AggregateOp::Quantile,
        AggregateOp::Limitk,
        AggregateOp::LimitRatio,
    ];

    /// The keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            AggregateOp::Sum => "sum",
            AggregateOp::Avg => "avg",
            AggregateOp::Count => "count",
            AggregateOp::Min => "min",
            AggregateOp::Max => "max",
            AggregateOp::Group => "group",
            AggregateOp::Stddev => "stddev",
            AggregateOp::Stdvar => "stdvar",
            AggregateOp::Topk => "topk",
            AggregateOp::Bottomk => "bottomk",
            AggregateOp::CountValues => "count_values",
            AggregateOp::Quantile => "quantile",
            AggregateOp::Limitk => "limitk",
            AggregateOp::LimitRatio => "limit_ratio",
        }
    }

    /// Looks up a keyword, case-insensitively as Prometheus' lexer does.
    pub fn from_keyword(word: &str) -> Option<AggregateOp> {
        AggregateOp::ALL.into_iter().find(|op| op.as_str().eq_ignore_ascii_case(word))
    }

    /// Whether the operator takes a parameter before the vector.
    pub fn has_param(self) -> bool {
        matches!(
            self,
            AggregateOp::Topk
                | AggregateOp::Bottomk
                | AggregateOp::CountValues
                | AggregateOp::Quantile
                | AggregateOp::Limitk
                | AggregateOp::LimitRatio
        )
    }

    /// Whether the operator needs the experimental-functions flag.
    pub fn is_experimental(self) -> bool {
        matches!(self, AggregateOp::Limitk | AggregateOp::LimitRatio)
    }

    /// A one-line description, for autocomplete.
    pub fn doc(self) -> &'static str {
        match self {
            AggregateOp::Sum => "sum over dimensions",
            AggregateOp::Avg => "average over dimensions",
            AggregateOp::Count => "count number of elements in the vector",
            AggregateOp::Min => "select minimum over dimensions",
            AggregateOp::Max => "select maximum over dimensions",
            AggregateOp::Group => "all values in the resulting vector are 1",
            AggregateOp::Stddev => "population standard deviation over dimensions",
            AggregateOp::Stdvar => "population standard variance over dimensions",
            AggregateOp::Topk => "largest k elements by sample value",
            AggregateOp::Bottomk => "smallest k elements by sample value",
            AggregateOp::CountValues => "count number of elements with the same value",
            AggregateOp::Quantile => "calculate φ-quantile (0 ≤ φ ≤ 1) over dimensions",
            AggregateOp::Limitk => "sample k elements (experimental)",
            AggregateOp::LimitRatio => "sample a pseudo-random ratio r of elements (experimental)",
        }
    }
}

/// An aggregation.
#[derive(Clone, Debug, PartialEq)]
pub struct AggregateExpr {
    /// The operator.
    pub op: AggregateOp,
    /// The aggregated instant-vector expression.
    pub expr: Box<Expr>,
    /// The parameter of `topk`, `bottomk`, `quantile`, `count_values`, `limitk`, `limit_ratio`.
    pub param: Option<Box<Expr>>,
    /// The labels of `by (...)` or `without (...)`.
    pub grouping: Vec<String>,
    /// Whether `grouping` is a `without` list.
    pub without: bool,
    /// From the operator keyword to the closing parenthesis or grouping clause.
    pub span: Span,
}

/// The binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^` (right-associative)
    Pow,
    /// `atan2`
    Atan2,
    /// `==`
    Eql,
    /// `!=`
    Neq,
    /// `>`
    Gtr,
    /// `<`
    Lss,
    /// `>=`
    Gte,
    /// `<=`
    Lte,
    /// `and`
    And,
    /// `or`
    Or,
    /// `unless`
    Unless,
    /// `</` (trim the upper part of native histograms)
    TrimUpper,
    /// `>/` (trim the lower part of native histograms)
    TrimLower,
}

impl BinaryOp {
    /// The operator as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Mod => "%",
            BinaryOp::Pow => "^",
            BinaryOp::Atan2 => "atan2",
            BinaryOp::Eql => "==",
            BinaryOp::Neq => "!=",
            BinaryOp::Gtr => ">",
            BinaryOp::Lss => "<",
            BinaryOp::Gte => ">=",
            BinaryOp::Lte => "<=",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::Unless => "unless",
            BinaryOp::TrimUpper => "</",
            BinaryOp::TrimLower => ">/",
        }
    }

    /// Whether this is `==`, `!=`, `>`, `<`, `>=` or `<=`.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eql
                | BinaryOp::Neq
                | BinaryOp::Gtr
                | BinaryOp::Lss
                | BinaryOp::Gte
                | BinaryOp::Lte
        )
    }

    /// Whether this is `and`, `or` or `unless`.
    pub fn is_set_operator(self) -> bool {
        matches!(self, BinaryOp::And | BinaryOp::Or | BinaryOp::Unless)
    }

    /// Binding power: higher binds tighter (`or` 1 … `^` 6), as in the yacc grammar.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And | BinaryOp::Unless => 2,
            BinaryOp::Eql
            | BinaryOp::Neq
            | BinaryOp::Gtr
            | BinaryOp::Lss
            | BinaryOp::Gte
            | BinaryOp::Lte
            | BinaryOp::TrimUpper
            | BinaryOp::TrimLower => 3,
            BinaryOp::Add | BinaryOp::Sub => 4,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Mod | BinaryOp::Atan2 => 5,
            BinaryOp::Pow => 6,
        }
    }

    /// Whether the operator is right-associative (only `^`).
    pub fn is_right_assoc(self) -> bool {
        self == BinaryOp::Pow
    }
}

/// How the series of the two sides of a binary operation are matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cardinality {
    /// The default for arithmetic and comparisons.
    OneToOne,
    /// `group_left`
    ManyToOne,
    /// `group_right`
    OneToMany,
    /// Set operators.
    ManyToMany,
}

impl Cardinality {
    /// The name Prometheus prints (`one-to-one`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Cardinality::OneToOne => "one-to-one",
            Cardinality::ManyToOne => "many-to-one",
            Cardinality::OneToMany => "one-to-many",
            Cardinality::ManyToMany => "many-to-many",
        }
    }
}

/// The values that `fill`, `fill_left` and `fill_right` put in for missing series.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FillValues {
    /// The value used when the left-hand side has no matching series.
    pub lhs: Option<f64>,
    /// The value used when the right-hand side has no matching series.
    pub rhs: Option<f64>,
}

/// Vector matching of a binary operation between two instant vectors.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorMatching {
    /// The cardinality (set operators are always many-to-many).
    pub card: Cardinality,
    /// The labels of `on (...)` or `ignoring (...)`.
    pub matching_labels: Vec<String>,
    /// Whether `matching_labels` is an `on` list.
    pub on: bool,
    /// The extra labels of `group_left (...)` / `group_right (...)`.
    pub include: Vec<String>,
    /// The fill modifiers (experimental).
    pub fill: FillValues,
}

/// A binary operation.
#[derive(Clone, Debug, PartialEq)]
pub struct BinaryExpr {
    /// The operator.
    pub op: BinaryOp,
    /// The left operand.
    pub lhs: Box<Expr>,
    /// The right operand.
    pub rhs: Box<Expr>,
    /// The `bool` modifier of comparisons.
    pub return_bool: bool,
    /// Vector matching; `None` unless both sides are instant vectors (as upstream's checkAST leaves it).
    pub matching: Option<VectorMatching>,
    /// The operator token itself, for error messages.
    pub op_span: Span,
    /// From the start of `lhs` to the end of `rhs`.
    pub span: Span,
}

/// The unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-`
    Neg,
    /// `+`
    Plus,
}

/// A unary operation.
#[derive(Clone, Debug, PartialEq)]
pub struct UnaryExpr {
    /// The operator.
    pub op: UnaryOp,
    /// The operand.
    pub expr: Box<Expr>,
    /// From the operator to the end of the operand.
    pub span: Span,
}

/// A parenthesized expression.
#[derive(Clone, Debug, PartialEq)]
pub struct ParenExpr {
    /// The inner expression.
    pub expr: Box<Expr>,
    /// Including the parentheses.
    pub span: Span,
}

impl Expr {
    /// Where the expression is written.
    pub fn span(&self) -> Span {
        match self {
            Expr::Number(n) => n.span,
            Expr::String(s) => s.span,
            Expr::VectorSelector(v) => v.span,
            Expr::MatrixSelector(m) => m.span,
            Expr::Subquery(s) => s.span,
            Expr::Call(c) => c.span,
            Expr::Aggregate(a) => a.span,
            Expr::Binary(b) => b.span,
            Expr::Unary(u) => u.span,
            Expr::Paren(p) => p.span,
        }
    }

    /// The static type, as upstream's `Expr.Type()`.
    pub fn value_type(&self) -> ValueType {
        match self {
            Expr::Number(_) => ValueType::Scalar,
            Expr::String(_) => ValueType::String,
            Expr::VectorSelector(_) | Expr::Aggregate(_) => ValueType::Vector,
            Expr::MatrixSelector(_) | Expr::Subquery(_) => ValueType::Matrix,
            Expr::Call(c) => c.func.return_type,
            Expr::Binary(b) => {
                if b.lhs.value_type() == ValueType::Scalar
                    && b.rhs.value_type() == ValueType::Scalar
                {
                    ValueType::Scalar
                } else {
                    ValueType::Vector
                }
            }
            Expr::Unary(u) => u.expr.value_type(),
            Expr::Paren(p) => p.expr.value_type(),
        }
    }

    /// Strips any number of enclosing parentheses.
    pub fn unparen(&self) -> &Expr {
        let mut e = self;
        while let Expr::Paren(p) = e {
            e = &p.expr;
        }
        e
    }

    /// The direct children, in source order (for visitors).
    pub fn children(&self) -> Vec<&Expr> {
        match self {
            Expr::Number(_)
            | Expr::String(_)
            | Expr::VectorSelector(_)
            | Expr::MatrixSelector(_) => Vec::new(),
            Expr::Subquery(s) => vec![&s.expr],
            Expr::Call(c) => c.args.iter().collect(),
            Expr::Aggregate(a) => {
                let mut v: Vec<&Expr> = a.param.iter().map(|p| &**p).collect();
                v.push(&a.expr);
                v
            }
            Expr::Binary(b) => vec![&b.lhs, &b.rhs],
            Expr::Unary(u) => vec![&u.expr],
            Expr::Paren(p) => vec![&p.expr],
        }
    }

    /// Calls `f` on this node and every descendant, parents first.
    pub fn walk(&self, f: &mut dyn FnMut(&Expr)) {
        f(self);
        for c in self.children() {
            c.walk(f);
        }
    }

    /// The direct children, mutably, in source order.
    pub fn children_mut(&mut self) -> Vec<&mut Expr> {
        match self {
            Expr::Number(_)
            | Expr::String(_)
            | Expr::VectorSelector(_)
            | Expr::MatrixSelector(_) => Vec::new(),
            Expr::Subquery(s) => vec![&mut *s.expr],
            Expr::Call(c) => c.args.iter_mut().collect(),
            Expr::Aggregate(a) => {
                let mut v: Vec<&mut Expr> = a.param.iter_mut().map(|p| &mut **p).collect();
                v.push(&mut a.expr);
                v
            }
            Expr::Binary(b) => vec![&mut *b.lhs, &mut *b.rhs],
            Expr::Unary(u) => vec![&mut *u.expr],
            Expr::Paren(p) => vec![&mut *p.expr],
        }
    }

    /// Calls `f` on this node and then on every descendant, parents first,
    /// letting it change them (rewrites such as adding `@` to selectors).
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        f(self);
        for c in self.children_mut() {
            c.walk_mut(f);
        }
    }
}
