//! The parser of Go's `text/template` (`text/template/parse/parse.go`),
//! following its grammar, its three-token lookahead and its error messages
//! (`template: NAME:LINE: unexpected "}" in operand`), so a malformed
//! template fails with exactly the text Prometheus shows.
//!
//! Nesting (parentheses and control structures together) is capped so a
//! hostile template cannot exhaust the stack; Go's own cap on parentheses is
//! 1000 on wasm, ours is lower because every level costs several frames.

use crate::lex::{Item, Kind, Lexer};
use crate::node::{Arg, Branch, Command, Node, Number, Pipe};
use promplay_diagnostics::Span;
use std::collections::BTreeMap;

/// Every template of one parse: the main one and the `define`d ones, by
/// name. A name maps to `None` when only an empty definition exists.
#[derive(Clone, Debug, Default)]
pub(crate) struct TreeSet {
    pub trees: BTreeMap<String, Vec<Node>>,
}

/// An error with Go's message and the byte span it is about.
#[derive(Debug)]
pub(crate) struct RawError {
    pub message: String,
    pub span: Span,
}

impl RawError {
    pub fn into_error(self, kind: crate::ErrorKind) -> crate::TemplateError {
        crate::TemplateError { kind, message: self.message, span: self.span }
    }
}

/// The deepest nesting of parentheses and control structures accepted.
pub(crate) const MAX_DEPTH: usize = 100;

/// The most commands in one pipeline (Go's `maxPipelineCmds` is 100000).
const MAX_PIPELINE_CMDS: usize = 10_000;

/// Parses `text` as the template `name` plus its definitions.
pub(crate) fn parse(name: &str, text: &str) -> Result<TreeSet, RawError> {
    let mut p = Parser {
        name,
        text,
        lex: Lexer::new(text),
        token: [empty_item(), empty_item(), empty_item()],
        peek_count: 0,
        state: TreeState::default(),
        depth: 0,
        set: TreeSet::default(),
    };
    let root = p.parse_top()?;
    p.add(name, root)?;
    Ok(p.set)
}

fn empty_item() -> Item {
    Item { kind: Kind::Eof, pos: 0, val: String::new(), line: 1 }
}

/// The per-tree parsing state Go keeps in `Tree`.
#[derive(Default)]
struct TreeState {
    vars: Vec<String>,
    action_line: usize,
    range_depth: usize,
}

struct Parser<'a> {
    name: &'a str,
    text: &'a str,
    lex: Lexer<'a>,
    token: [Item; 3],
    peek_count: usize,
    state: TreeState,
    depth: usize,
    set: TreeSet,
}

type Res<T> = Result<T, RawError>;

impl Parser<'_> {
    fn next(&mut self) -> Item {
        if self.peek_count > 0 {
            self.peek_count -= 1;
        } else {
            self.token[0] = self.lex.next_item();
        }
        self.token[self.peek_count].clone()
    }

    fn backup(&mut self) {
        self.peek_count += 1;
    }

    fn backup2(&mut self, t1: Item) {
        self.token[1] = t1;
        self.peek_count = 2;
    }

    fn backup3(&mut self, t2: Item, t1: Item) {
        self.token[1] = t1;
        self.token[2] = t2;
        self.peek_count = 3;
    }

    fn peek(&mut self) -> Item {
        if self.peek_count > 0 {
            return self.token[self.peek_count - 1].clone();
        }
        self.peek_count = 1;
        self.token[0] = self.lex.next_item();
        self.token[0].clone()
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let t = self.next();
            if t.kind != Kind::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let t = self.next_non_space();
        self.backup();
        t
    }

    /// Go's `errorf`: the line is that of the last token read from the lexer.
    fn error<T>(&self, message: impl Into<String>) -> Res<T> {
        let t = &self.token[0];
        let start = t.pos.min(self.text.len());
        let end =
            if t.kind == Kind::Error { start } else { (start + t.val.len()).min(self.text.len()) };
        Err(RawError {
            message: format!("template: {}:{}: {}", self.name, t.line, message.into()),
            span: Span::from_range(start..end.max(start)),
        })
    }

    fn expect(&mut self, kind: Kind, context: &str) -> Res<Item> {
        let t = self.next_non_space();
        if t.kind != kind {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn unexpected<T>(&self, t: &Item, context: &str) -> Res<T> {
        if t.kind == Kind::Error {
            let mut extra = String::new();
            if self.state.action_line != 0 && self.state.action_line != t.line {
                extra = format!(" in action started at {}:{}", self.name, self.state.action_line);
                if t.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_owned();
                }
            }
            return self.error(format!("{}{extra}", t.val));
        }
        self.error(format!("unexpected {} in {context}", t.describe()))
    }

    fn add(&mut self, name: &str, root: Vec<Node>) -> Res<()> {
        match self.set.trees.get(name) {
            Some(existing) if !is_empty_tree(existing) => {
                if !is_empty_tree(&root) {
                    return self.error(format!(
                        "template: multiple definition of template {}",
                        crate::fmt::quote(name)
                    ));
                }
            }
            _ => {
                self.set.trees.insert(name.to_owned(), root);
            }
        }
        Ok(())
    }

    fn parse_top(&mut self) -> Res<Vec<Node>> {
        self.state = TreeState { vars: vec!["$".into()], ..TreeState::default() };
        let mut root = Vec::new();
        while self.peek().kind != Kind::Eof {
            if self.peek().kind == Kind::LeftDelim {
                let delim = self.next();
                if self.next_non_space().kind == Kind::Define {
                    let saved = std::mem::replace(
                        &mut self.state,
                        TreeState { vars: vec!["$".into()], ..TreeState::default() },
                    );
                    let r = self.parse_definition();
                    self.state = saved;
                    r?;
                    continue;
                }
                self.backup2(delim);
            }
            let n = self.text_or_action()?;
            match n {
                Parsed::Node(n) => root.push(n),
                Parsed::End => return self.error("unexpected {{end}}"),
                Parsed::Else => return self.error("unexpected {{else}}"),
            }
        }
        Ok(root)
    }

    fn parse_definition(&mut self) -> Res<()> {
        let context = "define clause";
        let t = self.next_non_space();
        if t.kind != Kind::String && t.kind != Kind::RawString {
            return self.unexpected(&t, context);
        }
        let name = match unquote(&t.val) {
            Some(n) => n,
            None => return self.error("invalid syntax"),
        };
        self.expect(Kind::RightDelim, context)?;
        let (list, end) = self.item_list()?;
        if end != Parsed::End {
            return self.error(format!("unexpected {end} in {context}"));
        }
        self.add(&name, list)
    }

    /// `textOrAction*` up to `{{end}}` or `{{else}}`, which is returned.
    fn item_list(&mut self) -> Res<(Vec<Node>, Parsed)> {
        let mut list = Vec::new();
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.push(n),
                end => return Ok((list, end)),
            }
        }
        self.error("unexpected EOF")
    }

    fn text_or_action(&mut self) -> Res<Parsed> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Text => Ok(Parsed::Node(Node::Text { pos: t.pos, text: t.val })),
            Kind::LeftDelim => {
                self.state.action_line = t.line;
                let r = self.action();
                self.state.action_line = 0;
                r
            }
            _ => self.unexpected(&t, "input"),
        }
    }

    fn action(&mut self) -> Res<Parsed> {
        let t = self.next_non_space();
        match t.kind {
            Kind::Block => return self.block_control().map(Parsed::Node),
            Kind::Break => return self.break_control(t.pos, "{{break}}", true),
            Kind::Continue => return self.break_control(t.pos, "{{continue}}", false),
            Kind::Else => return self.else_control(),
            Kind::End => {
                self.expect(Kind::RightDelim, "end")?;
                return Ok(Parsed::End);
            }
            Kind::If => return self.control("if").map(|b| Parsed::Node(Node::If(b))),
            Kind::Range => return self.control("range").map(|b| Parsed::Node(Node::Range(b))),
            Kind::Template => return self.template_control().map(Parsed::Node),
            Kind::With => return self.control("with").map(|b| Parsed::Node(Node::With(b))),
            _ => {}
        }
        self.backup();
        let t = self.peek();
        let pipe = self.pipeline("command", Kind::RightDelim)?;
        Ok(Parsed::Node(Node::Action { pos: t.pos, pipe }))
    }

    fn break_control(&mut self, pos: usize, what: &str, is_break: bool) -> Res<Parsed> {
        let t = self.next_non_space();
        if t.kind != Kind::RightDelim {
            return self.unexpected(&t, what);
        }
        if self.state.range_depth == 0 {
            return self.error(format!("{what} outside {{{{range}}}}"));
        }
        Ok(Parsed::Node(if is_break { Node::Break { pos } } else { Node::Continue { pos } }))
    }

    fn else_control(&mut self) -> Res<Parsed> {
        let peek = self.peek_non_space();
        if peek.kind == Kind::If || peek.kind == Kind::With {
            return Ok(Parsed::Else);
        }
        self.expect(Kind::RightDelim, "else")?;
        Ok(Parsed::Else)
    }

    fn enter(&mut self) -> Res<()> {
        if self.depth >= MAX_DEPTH {
            return self.error("max expression depth exceeded");
        }
        self.depth += 1;
        Ok(())
    }

    /// `if`, `range` and `with` (Go's `parseControl`).
    fn control(&mut self, context: &str) -> Res<Branch> {
        self.enter()?;
        let mark = self.state.vars.len();
        let r = self.control_inner(context);
        self.state.vars.truncate(mark);
        self.depth -= 1;
        r
    }

    fn control_inner(&mut self, context: &str) -> Res<Branch> {
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if context == "range" {
            self.state.range_depth += 1;
        }
        let r = self.item_list();
        if context == "range" {
            self.state.range_depth -= 1;
        }
        let (list, next) = r?;
        let mut else_list = None;
        if next == Parsed::Else {
            // `{{else if}}` and `{{else with}}` nest a control whose
            // `{{end}}` also ends this one.
            if context == "if" && self.peek().kind == Kind::If {
                self.next();
                else_list = Some(vec![Node::If(self.control("if")?)]);
            } else if context == "with" && self.peek().kind == Kind::With {
                self.next();
                else_list = Some(vec![Node::With(self.control("with")?)]);
            } else {
                let (list, next) = self.item_list()?;
                if next != Parsed::End {
                    return self.error(format!("expected end; found {next}"));
                }
                else_list = Some(list);
            }
        }
        Ok(Branch { pos: pipe.pos, pipe, list, else_list })
    }

    fn block_control(&mut self) -> Res<Node> {
        let context = "block clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        let saved = std::mem::replace(
            &mut self.state,
            TreeState { vars: vec!["$".into()], ..TreeState::default() },
        );
        let r = self.item_list();
        self.state = saved;
        let (list, end) = r?;
        if end != Parsed::End {
            return self.error(format!("unexpected {end} in {context}"));
        }
        self.add(&name, list)?;
        Ok(Node::Template { pos: t.pos, name, pipe: Some(pipe) })
    }

    fn template_control(&mut self) -> Res<Node> {
        let context = "template clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let mut pipe = None;
        if self.next_non_space().kind != Kind::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, Kind::RightDelim)?);
        }
        Ok(Node::Template { pos: t.pos, name, pipe })
    }

    fn template_name(&mut self, t: &Item, context: &str) -> Res<String> {
        match t.kind {
            Kind::String | Kind::RawString => match unquote(&t.val) {
                Some(s) => Ok(s),
                None => self.error("invalid syntax"),
            },
            _ => self.unexpected(t, context),
        }
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> Res<Pipe> {
        let t = self.peek_non_space();
        let mut pipe = Pipe { pos: t.pos, is_assign: false, decl: Vec::new(), cmds: Vec::new() };
        'decls: loop {
            let v = self.peek_non_space();
            if v.kind != Kind::Variable {
                break;
            }
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            if next.kind == Kind::Assign || next.kind == Kind::Declare {
                pipe.is_assign = next.kind == Kind::Assign;
                self.next_non_space();
                pipe.decl.push((v.pos, v.val.clone()));
                self.state.vars.push(v.val);
            } else if next.kind == Kind::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push((v.pos, v.val.clone()));
                self.state.vars.push(v.val);
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().kind {
                        Kind::Variable | Kind::RightDelim | Kind::RightParen => continue 'decls,
                        _ => return self.error("range can only initialize variables"),
                    }
                }
                return self.error(format!("too many declarations in {context}"));
            } else if after.kind == Kind::Space {
                self.backup3(v, after);
            } else {
                self.backup2(v);
            }
            break;
        }
        loop {
            let t = self.next_non_space();
            match t.kind {
                k if k == end => {
                    self.check_pipeline(&pipe, context)?;
                    return Ok(pipe);
                }
                Kind::Bool
                | Kind::CharConstant
                | Kind::Complex
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::String
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                    if pipe.cmds.len() > MAX_PIPELINE_CMDS {
                        return self.error("pipeline too long");
                    }
                }
                _ => return self.unexpected(&t, context),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> Res<()> {
        if pipe.cmds.is_empty() {
            return self.error(format!("missing value for {context}"));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args[0],
                Arg::Bool { .. }
                    | Arg::Dot { .. }
                    | Arg::Nil { .. }
                    | Arg::Number(_)
                    | Arg::String { .. }
            ) {
                return self.error(format!("non executable command in pipeline stage {}", i + 1));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> Res<Command> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Command { pos, args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let t = self.next();
            match t.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return self.unexpected(&t, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.error("empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> Res<Option<Arg>> {
        let Some(node) = self.term()? else { return Ok(None) };
        if self.peek().kind != Kind::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == Kind::Field {
            fields.push(self.next().val[1..].to_owned());
        }
        Ok(Some(match node {
            Arg::Field { mut ident, .. } => {
                ident.extend(fields);
                Arg::Field { pos, ident }
            }
            Arg::Variable { mut ident, .. } => {
                ident.extend(fields);
                Arg::Variable { pos, ident }
            }
            n @ (Arg::Bool { .. }
            | Arg::String { .. }
            | Arg::Number(_)
            | Arg::Nil { .. }
            | Arg::Dot { .. }) => {
                return self.error(format!(
                    "unexpected . after term {}",
                    crate::fmt::quote(&n.to_string())
                ));
            }
            n => Arg::Chain { pos, node: Box::new(n), fields },
        }))
    }

    fn term(&mut self) -> Res<Option<Arg>> {
        let t = self.next_non_space();
        let pos = t.pos;
        Ok(Some(match t.kind {
            Kind::Identifier => {
                if !crate::funcs::is_defined(&t.val) {
                    return self
                        .error(format!("function {} not defined", crate::fmt::quote(&t.val)));
                }
                Arg::Identifier { pos, name: t.val }
            }
            Kind::Dot => Arg::Dot { pos },
            Kind::Nil => Arg::Nil { pos },
            Kind::Variable => {
                let ident: Vec<String> = t.val.split('.').map(str::to_owned).collect();
                if !self.state.vars.contains(&ident[0]) {
                    return self
                        .error(format!("undefined variable {}", crate::fmt::quote(&ident[0])));
                }
                Arg::Variable { pos, ident }
            }
            Kind::Field => Arg::Field { pos, ident: vec![t.val[1..].to_owned()] },
            Kind::Bool => Arg::Bool { pos, value: t.val == "true" },
            Kind::CharConstant | Kind::Complex | Kind::Number => {
                match new_number(pos, &t.val, t.kind) {
                    Ok(n) => Arg::Number(Box::new(n)),
                    Err(e) => return self.error(e),
                }
            }
            Kind::LeftParen => {
                self.enter()?;
                let r = self.pipeline("parenthesized pipeline", Kind::RightParen);
                self.depth -= 1;
                Arg::Pipe(Box::new(r?))
            }
            Kind::String | Kind::RawString => match unquote(&t.val) {
                Some(s) => Arg::String { pos, quoted: t.val, text: s },
                None => return self.error("invalid syntax"),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

/// What `text_or_action` found: a node, or a terminator of the list.
#[derive(Debug)]
enum Parsed {
    Node(Node),
    End,
    Else,
}

impl PartialEq for Parsed {
    /// Only the terminators are ever compared.
    fn eq(&self, other: &Parsed) -> bool {
        matches!((self, other), (Parsed::End, Parsed::End) | (Parsed::Else, Parsed::Else))
    }
}

impl std::fmt::Display for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Parsed::Node(n) => write!(f, "{n}"),
            Parsed::End => f.write_str("{{end}}"),
            Parsed::Else => f.write_str("{{else}}"),
        }
    }
}

/// Go's `IsEmptyTree`: nothing but space.
fn is_empty_tree(list: &[Node]) -> bool {
    list.iter().all(|n| matches!(n, Node::Text { text, .. } if text.trim_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']).is_empty()))
}

/// Go's `strconv.Unquote` for the literals the lexer produces.
pub(crate) fn unquote(s: &str) -> Option<String> {
    if s.len() >= 2 && s.starts_with('`') && s.ends_with('`') {
        return Some(s[1..s.len() - 1].replace('\r', ""));
    }
    if s.len() < 2 || !s.starts_with('"') || !s.ends_with('"') {
        return None;
    }
    let mut out = String::new();
    let mut rest = &s[1..s.len() - 1];
    while !rest.is_empty() {
        let (c, tail) = unquote_char(rest, '"')?;
        out.push_str(&c);
        rest = tail;
    }
    Some(out)
}

/// Go's `strconv.UnquoteChar`: one (possibly escaped) character; the result
/// is a string because `\xff` may produce a byte that is not valid UTF-8 on
/// its own (replaced here by U+FFFD).
fn unquote_char(s: &str, quote: char) -> Option<(String, &str)> {
    let c = s.chars().next()?;
    if c == quote && (quote == '\'' || quote == '"') {
        return None;
    }
    if c != '\\' {
        return Some((c.to_string(), &s[c.len_utf8()..]));
    }
    let s = &s[1..];
    let e = s.chars().next()?;
    let rest = &s[e.len_utf8()..];
    let simple = match e {
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'f' => Some('\x0c'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\x0b'),
        '\\' => Some('\\'),
        '\'' | '"' if e == quote => Some(e),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c.to_string(), rest));
    }
    let hex = |n: usize| -> Option<(u32, &str)> {
        let h = rest.get(..n)?;
        Some((
            u32::from_str_radix(h, 16).ok().filter(|_| h.bytes().all(|b| b.is_ascii_hexdigit()))?,
            &rest[n..],
        ))
    };
    match e {
        'x' => {
            let (v, tail) = hex(2)?;
            Some((char::from_u32(v).filter(|_| v < 0x80).unwrap_or('\u{FFFD}').to_string(), tail))
        }
        'u' => {
            let (v, tail) = hex(4)?;
            Some((char::from_u32(v)?.to_string(), tail))
        }
        'U' => {
            let (v, tail) = hex(8)?;
            Some((char::from_u32(v)?.to_string(), tail))
        }
        '0'..='7' => {
            let o = s.get(..3)?;
            if !o.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                return None;
            }
            let v = u32::from_str_radix(o, 8).ok()?;
            if v > 255 {
                return None;
            }
            Some((
                char::from_u32(v).filter(|_| v < 0x80).unwrap_or('\u{FFFD}').to_string(),
                &s[3..],
            ))
        }
        _ => None,
    }
}

/// Go's `NewNumber`: every reading of a number literal that succeeds.
fn new_number(pos: usize, text: &str, kind: Kind) -> Result<Number, String> {
    let mut n =
        Number { pos, text: text.to_owned(), int: None, uint: None, float: None, complex: false };
    if kind == Kind::CharConstant {
        let inner = &text[1..];
        let (c, tail) = unquote_char(inner, '\'').ok_or_else(|| "invalid syntax".to_owned())?;
        if tail != "'" {
            return Err(format!("malformed character constant: {text}"));
        }
        let r = c.chars().next().map_or(0, |c| c as u32);
        n.int = Some(r.into());
        n.uint = Some(r.into());
        n.float = Some(r.into());
        return Ok(n);
    }
    if kind == Kind::Complex || text.ends_with('i') {
        n.complex = true;
        return Ok(n);
    }
    let u = parse_go_uint(text);
    n.uint = u;
    if let Some(i) = parse_go_int(text) {
        n.int = Some(i);
        if i == 0 {
            n.uint = Some(0);
        }
    }
    if let Some(i) = n.int {
        n.float = Some(i as f64);
    } else if let Some(u) = n.uint {
        n.float = Some(u as f64);
    } else if let Some(f) = parse_float_literal(text) {
        if !text.contains(['.', 'e', 'E', 'p', 'P']) {
            return Err(format!("integer overflow: {}", crate::fmt::quote(text)));
        }
        n.float = Some(f);
        if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 {
            n.int = Some(f as i64);
        }
        if f.fract() == 0.0 && f >= 0.0 && f < u64::MAX as f64 {
            n.uint = Some(f as u64);
        }
    }
    if n.int.is_none() && n.uint.is_none() && n.float.is_none() {
        return Err(format!("illegal number syntax: {}", crate::fmt::quote(text)));
    }
    Ok(n)
}

/// Go's `strconv.ParseUint(s, 0, 64)`.
fn parse_go_uint(s: &str) -> Option<u64> {
    let (base, digits, prefixed) =
        if let Some(r) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
            (16, r, true)
        } else if let Some(r) = s.strip_prefix("0o").or_else(|| s.strip_prefix("0O")) {
            (8, r, true)
        } else if let Some(r) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
            (2, r, true)
        } else if s.len() > 1 && s.starts_with('0') {
            (8, &s[1..], true)
        } else {
            (10, s, false)
        };
    // Go allows `_` between digits, or right after a base prefix.
    if digits.contains('_') {
        let bad_start =
            digits.starts_with('_') && !(prefixed && s.len() > 2 && !s[1..].starts_with('_'));
        if bad_start || digits.ends_with('_') || digits.contains("__") {
            return None;
        }
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.is_empty() {
        return None;
    }
    u64::from_str_radix(&clean, base).ok()
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let u = parse_go_uint(body)?;
    if neg {
        if u <= i64::MAX as u64 + 1 { Some((u as i64).wrapping_neg()) } else { None }
    } else {
        i64::try_from(u).ok()
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal literals (hex floats are
/// read too, as Go does).
fn parse_float_literal(s: &str) -> Option<f64> {
    if s.contains('_') {
        return None;
    }
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let v = if body.starts_with("0x") || body.starts_with("0X") {
        parse_hex_float(&body[2..])?
    } else {
        if body.is_empty()
            || body == "."
            || !body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    Some(if neg { -v } else { v })
}

fn parse_hex_float(s: &str) -> Option<f64> {
    let (mant, exp) = match s.find(['p', 'P']) {
        Some(i) => (&s[..i], s[i + 1..].parse::<i32>().ok()?),
        None => return None,
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let mut v = 0f64;
    for c in int.chars().chain(frac.chars()) {
        v = v * 16.0 + f64::from(c.to_digit(16)?);
    }
    let e = exp - 4 * frac.len() as i32;
    Some(v * libm::exp2(f64::from(e)))
}
