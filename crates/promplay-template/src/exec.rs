//! The executor of `text/template` (`text/template/exec.go`): walks the
//! tree with dot and the variable stack, evaluates pipelines, checks
//! arguments against the Go parameter types, and reports errors as
//! `template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE`.
//!
//! `missingkey=zero` is the behaviour throughout, as Prometheus sets it: a
//! missing key of a `map[string]string` is `""`, of a `map[string]any` is
//! nil (printed `<no value>`). Steps, output size and template-call depth
//! are bounded by [`crate::Limits`].

use crate::funcs::{self, Sig, Ty};
use crate::node::{Arg, Branch, Command, Node, Number, Pipe};
use crate::parse::{RawError, TreeSet};
use crate::value::Value;
use crate::{Env, fmt};
use promplay_diagnostics::Span;
use std::rc::Rc;

/// Executes the template `name` of `set` with `data` as dot.
pub(crate) fn execute(
    set: &TreeSet,
    name: &str,
    text: &str,
    data: &Value,
    env: &Env<'_>,
) -> Result<String, RawError> {
    let mut s = State {
        set,
        parse_name: name,
        text,
        tmpl: name.to_owned(),
        vars: vec![("$".to_owned(), data.clone())],
        depth: 0,
        steps: 0,
        out: String::new(),
        env,
        at: At::None,
    };
    let Some(root) = set.trees.get(name) else {
        return Err(RawError {
            message: format!(
                "template: {name}: {} is an incomplete or empty template",
                fmt::quote(name)
            ),
            span: Span::at(0),
        });
    };
    match s.walk_list(data, root) {
        Ok(()) => Ok(s.out),
        Err(Flow::Err(e)) => Err(e),
        // The parser rejects break and continue outside range.
        Err(Flow::Break | Flow::Continue) => Ok(s.out),
    }
}

/// The node execution is at, for error messages.
#[derive(Clone, Copy)]
enum At<'t> {
    None,
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Command),
    Arg(&'t Arg),
}

/// Control flow out of a walk: an error, or `{{break}}`/`{{continue}}`.
enum Flow {
    Err(RawError),
    Break,
    Continue,
}

type R<T> = Result<T, Flow>;

struct State<'t, 'e> {
    set: &'t TreeSet,
    parse_name: &'t str,
    text: &'t str,
    tmpl: String,
    vars: Vec<(String, Value)>,
    depth: usize,
    steps: u64,
    out: String,
    env: &'e Env<'e>,
    at: At<'t>,
}

impl<'t> State<'t, '_> {
    fn error<T>(&self, message: impl Into<String>) -> R<T> {
        let (pos, context) = match self.at {
            At::None => {
                return Err(Flow::Err(RawError {
                    message: format!("template: {}: {}", self.tmpl, message.into()),
                    span: Span::at(0),
                }));
            }
            At::Node(n) => (n.pos(), n.to_string()),
            At::Pipe(p) => (p.pos, p.to_string()),
            At::Cmd(c) => (c.pos, c.to_string()),
            At::Arg(a) => (a.pos(), a.to_string()),
        };
        let pos = pos.min(self.text.len());
        let before = &self.text[..pos];
        let line = 1 + before.matches('\n').count();
        let col = match before.rfind('\n') {
            Some(i) => pos - (i + 1),
            None => pos,
        };
        // The span covers the node's text, up to the end of its action.
        let action_end = self.text[pos..].find("}}").map_or(self.text.len(), |i| pos + i);
        let end = (pos + context.len()).min(action_end).max(pos);
        Err(Flow::Err(RawError {
            message: format!(
                "template: {}:{line}:{col}: executing {} at <{context}>: {}",
                self.parse_name,
                fmt::quote(&self.tmpl),
                message.into()
            ),
            span: Span::from_range(pos..end),
        }))
    }

    fn step(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > self.env.limits.max_steps {
            return self
                .error(format!("template execution exceeded {} steps", self.env.limits.max_steps));
        }
        Ok(())
    }

    fn write(&mut self, s: &str) -> R<()> {
        if self.out.len() + s.len() > self.env.limits.max_output {
            return self
                .error(format!("template output exceeds {} bytes", self.env.limits.max_output));
        }
        self.out.push_str(s);
        Ok(())
    }

    fn var_value(&self, name: &str) -> R<Value> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.error(format!("undefined variable: {name}")),
        }
    }

    fn set_var(&mut self, name: &str, value: Value) -> R<()> {
        match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
            Some(slot) => {
                slot.1 = value;
                Ok(())
            }
            None => self.error(format!("undefined variable: {name}")),
        }
    }

    fn walk_list(&mut self, dot: &Value, list: &'t [Node]) -> R<()> {
        list.iter().try_for_each(|n| self.walk(dot, n))
    }

    fn walk(&mut self, dot: &Value, node: &'t Node) -> R<()> {
        self.at = At::Node(node);
        self.step()?;
        match node {
            Node::Text { text, .. } => self.write(text),
            Node::Action { pipe, .. } => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.at = At::Node(node);
                    let s = print_action(&v);
                    self.write(&s)?;
                }
                Ok(())
            }
            Node::If(b) => self.walk_if_or_with(false, dot, b),
            Node::With(b) => self.walk_if_or_with(true, dot, b),
            Node::Range(b) => self.walk_range(dot, node, b),
            Node::Template { name, pipe, .. } => self.walk_template(dot, node, name, pipe.as_ref()),
            Node::Break { .. } => Err(Flow::Break),
            Node::Continue { .. } => Err(Flow::Continue),
        }
    }

    fn walk_if_or_with(&mut self, with: bool, dot: &Value, b: &'t Branch) -> R<()> {
        let mark = self.vars.len();
        let r = (|| {
            let val = self.eval_pipeline(dot, &b.pipe)?;
            if val.is_true() {
                self.walk_list(if with { &val } else { dot }, &b.list)
            } else if let Some(e) = &b.else_list {
                self.walk_list(dot, e)
            } else {
                Ok(())
            }
        })();
        self.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, dot: &Value, node: &'t Node, b: &'t Branch) -> R<()> {
        self.at = At::Node(node);
        let mark_outer = self.vars.len();
        let r = self.walk_range_inner(dot, b);
        self.vars.truncate(mark_outer);
        match r {
            Err(Flow::Break) => Ok(()),
            r => r,
        }
    }

    fn walk_range_inner(&mut self, dot: &Value, b: &'t Branch) -> R<()> {
        let val = self.eval_pipeline(dot, &b.pipe)?;
        let mark = self.vars.len();
        // Ranging over an int yields its values lazily: the step limit, not
        // memory, bounds `range 1000000000`.
        let count = match &val {
            Value::Int(n) => {
                if b.pipe.decl.len() > 1 {
                    return self
                        .error(format!("can't use {n} to iterate over more than one variable"));
                }
                (*n).max(0) as usize
            }
            Value::List(l) => l.len(),
            Value::StringMap(m) => m.len(),
            Value::AnyMap(m) => m.len(),
            _ => 0,
        };
        let item = |k: usize| -> (Value, Value) {
            match &val {
                Value::Int(_) => (Value::Nil, Value::Int(k as i64)),
                Value::List(l) => (Value::Int(k as i64), l[k].clone()),
                Value::StringMap(m) => {
                    let (key, v) =
                        m.iter().nth(k).map(|(a, b)| (a.clone(), b.clone())).unwrap_or_default();
                    (Value::String(key), Value::String(v))
                }
                Value::AnyMap(m) => {
                    let (key, v) = m
                        .iter()
                        .nth(k)
                        .map(|(a, b)| (a.clone(), b.clone()))
                        .unwrap_or((String::new(), Value::Nil));
                    (Value::String(key), v)
                }
                _ => (Value::Nil, Value::Nil),
            }
        };
        match &val {
            Value::Int(_)
            | Value::List(_)
            | Value::StringMap(_)
            | Value::AnyMap(_)
            | Value::Nil => {}
            other => {
                let shown = fmt::sprint(std::slice::from_ref(other));
                return self.error(format!("range can't iterate over {shown}"));
            }
        }
        if count == 0 {
            if let Some(e) = &b.else_list {
                return self.walk_list(dot, e);
            }
            return Ok(());
        }
        let decl = &b.pipe.decl;
        for k in 0..count {
            let (index, elem) = item(k);
            self.step()?;
            if !decl.is_empty() {
                if b.pipe.is_assign {
                    let first = if decl.len() > 1 { index.clone() } else { elem.clone() };
                    self.set_var(&decl[0].1, first)?;
                } else {
                    let top = self.vars.len() - 1;
                    self.vars[top].1 = elem.clone();
                }
            }
            if decl.len() > 1 {
                if b.pipe.is_assign {
                    self.set_var(&decl[1].1, elem.clone())?;
                } else {
                    let second = self.vars.len() - 2;
                    self.vars[second].1 = index;
                }
            }
            let r = self.walk_list(&elem, &b.list);
            self.vars.truncate(mark);
            match r {
                Ok(()) | Err(Flow::Continue) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(())
    }

    fn walk_template(
        &mut self,
        dot: &Value,
        node: &'t Node,
        name: &str,
        pipe: Option<&'t Pipe>,
    ) -> R<()> {
        self.at = At::Node(node);
        let Some(tree) = self.set.trees.get(name) else {
            return self.error(format!("template {} not defined", fmt::quote(name)));
        };
        if self.depth >= self.env.limits.max_depth {
            return self
                .error(format!("exceeded maximum template depth ({})", self.env.limits.max_depth));
        }
        let new_dot = match pipe {
            Some(p) => self.eval_pipeline(dot, p)?,
            None => Value::Nil,
        };
        // No dynamic scoping: the called template sees only `$`.
        let saved_vars = std::mem::replace(&mut self.vars, vec![("$".to_owned(), new_dot.clone())]);
        let saved_tmpl = std::mem::replace(&mut self.tmpl, name.to_owned());
        self.depth += 1;
        let r = self.walk_list(&new_dot, tree);
        self.depth -= 1;
        self.tmpl = saved_tmpl;
        self.vars = saved_vars;
        r
    }

    fn eval_pipeline(&mut self, dot: &Value, pipe: &'t Pipe) -> R<Value> {
        self.at = At::Pipe(pipe);
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            self.step()?;
            value = Some(self.eval_command(dot, cmd, value)?);
        }
        let value = value.unwrap_or(Value::Nil);
        for (_, name) in &pipe.decl {
            if pipe.is_assign {
                self.set_var(name, value.clone())?;
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &[Arg], fin: &Option<Value>) -> R<()> {
        if args.len() > 1 || fin.is_some() {
            return self.error(format!("can't give argument to non-function {}", args[0]));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Value, cmd: &'t Command, fin: Option<Value>) -> R<Value> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { ident, .. } => {
                self.at = At::Arg(first);
                return self.eval_field_chain(dot, dot.clone(), first, ident, &cmd.args, fin);
            }
            Arg::Chain { .. } => return self.eval_chain(dot, first, &cmd.args, fin),
            Arg::Identifier { name, .. } => {
                self.at = At::Arg(first);
                return self.eval_function(dot, name, At::Cmd(cmd), &cmd.args, fin);
            }
            Arg::Pipe(p) => {
                self.at = At::Arg(first);
                self.not_a_function(&cmd.args, &fin)?;
                return self.eval_pipeline(dot, p);
            }
            Arg::Variable { .. } => return self.eval_variable(dot, first, &cmd.args, fin),
            _ => {}
        }
        self.at = At::Arg(first);
        self.not_a_function(&cmd.args, &fin)?;
        match first {
            Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => self.error("nil is not a command"),
            Arg::Number(n) => self.ideal_constant(n),
            Arg::String { text, .. } => Ok(Value::String(text.clone())),
            _ => self.error(format!("can't evaluate command {}", fmt::quote(&first.to_string()))),
        }
    }

    fn ideal_constant(&self, n: &Number) -> R<Value> {
        if n.complex {
            return self.error(format!("complex number {} is not supported", n.text));
        }
        let is_hex = n.text.len() > 2
            && n.text.starts_with('0')
            && n.text[1..].starts_with(['x', 'X'])
            && !n.text.contains(['p', 'P']);
        let is_rune = n.text.starts_with('\'');
        if let Some(f) = n.float
            && !is_hex
            && !is_rune
            && n.text.contains(['.', 'e', 'E', 'p', 'P'])
        {
            return Ok(Value::Float(f));
        }
        if let Some(i) = n.int {
            return Ok(Value::Int(i));
        }
        if n.uint.is_some() {
            return self.error(format!("{} overflows int", n.text));
        }
        Ok(Value::Nil)
    }

    fn eval_chain(
        &mut self,
        dot: &Value,
        chain: &'t Arg,
        args: &'t [Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        self.at = At::Arg(chain);
        let Arg::Chain { node, fields, .. } = chain else { return Ok(Value::Nil) };
        if matches!(node.as_ref(), Arg::Nil { .. }) {
            return self.error(format!("indirection through explicit nil in {chain}"));
        }
        let recv = self.eval_arg(dot, Ty::Any, node)?;
        self.eval_field_chain(dot, recv, chain, fields, args, fin)
    }

    fn eval_variable(
        &mut self,
        dot: &Value,
        var: &'t Arg,
        args: &'t [Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        self.at = At::Arg(var);
        let Arg::Variable { ident, .. } = var else { return Ok(Value::Nil) };
        let value = self.var_value(&ident[0])?;
        if ident.len() == 1 {
            if args.len() > 1 || fin.is_some() {
                return self.error(format!("can't give argument to non-function {var}"));
            }
            return Ok(value);
        }
        self.eval_field_chain(dot, value, var, &ident[1..], args, fin)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Value,
        mut recv: Value,
        node: &'t Arg,
        ident: &'t [String],
        args: &'t [Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        let _ = node;
        let n = ident.len();
        // Whether the receiver's static type is `interface {}` (a struct
        // field or map element of that type): Go names that type in errors.
        let mut iface = false;
        for name in &ident[..n - 1] {
            (recv, iface) = self.eval_field(dot, name, &[], None, recv, iface)?;
        }
        Ok(self.eval_field(dot, &ident[n - 1], args, fin, recv, iface)?.0)
    }

    fn eval_field(
        &mut self,
        _dot: &Value,
        name: &str,
        args: &[Arg],
        fin: Option<Value>,
        recv: Value,
        iface: bool,
    ) -> R<(Value, bool)> {
        let has_args = args.len() > 1 || fin.is_some();
        if let Some(result) = method(&recv, name) {
            if has_args {
                let got = args.len().saturating_sub(1) + usize::from(fin.is_some());
                return self.error(format!("wrong number of args for {name}: want 0 got {got}"));
            }
            return Ok((result, false));
        }
        let typ = if iface { "interface {}" } else { recv.go_type() };
        let field = |fields: &[(&str, Value)]| {
            fields.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone())
        };
        let found = match &recv {
            Value::Nil if iface => {
                return self.error(format!("nil pointer evaluating interface {{}}.{name}"));
            }
            Value::Nil => return Ok((Value::Nil, false)),
            Value::Alert(a) => field(&[
                ("Labels", Value::StringMap(Rc::new(a.labels.clone()))),
                ("ExternalLabels", Value::StringMap(Rc::new(a.external_labels.clone()))),
                ("ExternalURL", Value::String(a.external_url.clone())),
                ("Value", Value::from(&a.value)),
            ]),
            Value::Sample(s) => field(&[
                ("Labels", Value::StringMap(Rc::new(s.labels.clone()))),
                ("Value", Value::from(&s.value)),
            ]),
            Value::Histogram(h) => field(&[
                ("Count", Value::Float(h.field("count").unwrap_or(0.0))),
                ("Sum", Value::Float(h.field("sum").unwrap_or(0.0))),
            ]),
            Value::StringMap(m) => {
                if has_args {
                    return self.error(format!("{name} is not a method but has arguments"));
                }
                return Ok((Value::String(m.get(name).cloned().unwrap_or_default()), false));
            }
            Value::AnyMap(m) => {
                if has_args {
                    return self.error(format!("{name} is not a method but has arguments"));
                }
                return Ok((m.get(name).cloned().unwrap_or(Value::Nil), true));
            }
            _ => None,
        };
        match found {
            Some(_) if has_args => {
                self.error(format!("{name} has arguments but cannot be invoked as function"))
            }
            // The `Value` fields are `interface {}`; the others are concrete.
            Some(v) => {
                Ok((v, name == "Value" && matches!(recv, Value::Alert(_) | Value::Sample(_))))
            }
            None => self.error(format!("can't evaluate field {name} in type {typ}")),
        }
    }

    fn eval_function(
        &mut self,
        dot: &Value,
        name: &str,
        node: At<'t>,
        args: &'t [Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        let Some(sig) = funcs::signature(name) else {
            return self.error(format!("{} is not a defined function", fmt::quote(name)));
        };
        self.eval_call(dot, name, sig, node, args, fin)
    }

    fn eval_call(
        &mut self,
        dot: &Value,
        name: &str,
        sig: Sig,
        node: At<'t>,
        args: &'t [Arg],
        fin: Option<Value>,
    ) -> R<Value> {
        let args = if args.is_empty() { args } else { &args[1..] };
        let num_in = args.len() + usize::from(fin.is_some());
        let num_fixed = sig.fixed.len();
        if sig.variadic.is_some() {
            if num_in < num_fixed {
                return self.error(format!(
                    "wrong number of args for {name}: want at least {num_fixed} got {}",
                    args.len()
                ));
            }
        } else if num_in != num_fixed {
            return self
                .error(format!("wrong number of args for {name}: want {num_fixed} got {num_in}"));
        }
        // `and` and `or` short-circuit.
        if name == "and" || name == "or" {
            let mut v = Value::Nil;
            for a in args {
                v = self.eval_arg(dot, Ty::Reflect, a)?;
                if v.is_true() == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(f) = fin {
                v = f;
            }
            return Ok(v);
        }
        let mut argv = Vec::with_capacity(num_in);
        for (i, a) in args.iter().enumerate() {
            let t = if i < num_fixed { sig.fixed[i] } else { sig.variadic.unwrap_or(Ty::Any) };
            argv.push(self.eval_arg(dot, t, a)?);
        }
        if let Some(f) = fin {
            let t = if sig.variadic.is_some() && num_in > num_fixed {
                sig.variadic.unwrap_or(Ty::Any)
            } else {
                sig.fixed[num_in - 1]
            };
            argv.push(self.validate_type(f, t)?);
        }
        if name == "call" {
            let callee = args.first().map_or_else(|| fmt::sprint(&argv[..1]), ToString::to_string);
            self.at = node;
            let msg = match &argv[0] {
                Value::Nil => "call of nil".to_owned(),
                v => format!("non-function {callee} of type {}", v.go_type()),
            };
            return self.error(format!("error calling call: {msg}"));
        }
        match funcs::call(name, argv, self.env) {
            Ok(v) => Ok(v),
            Err(e) => {
                self.at = node;
                self.error(format!("error calling {name}: {e}"))
            }
        }
    }

    fn validate_type(&self, v: Value, t: Ty) -> R<Value> {
        if matches!(v, Value::Nil) {
            if t.can_be_nil() {
                return Ok(Value::Nil);
            }
            return self.error(format!("invalid value; expected {}", t.go_name()));
        }
        if t.accepts(&v) {
            return Ok(v);
        }
        self.error(format!("wrong type for value; expected {}; got {}", t.go_name(), v.go_type()))
    }

    fn eval_arg(&mut self, dot: &Value, t: Ty, n: &'t Arg) -> R<Value> {
        self.at = At::Arg(n);
        let v = match n {
            Arg::Dot { .. } => dot.clone(),
            Arg::Nil { .. } => {
                if t.can_be_nil() {
                    return Ok(Value::Nil);
                }
                return self.error(format!("cannot assign nil to {}", t.go_name()));
            }
            Arg::Field { ident, .. } => {
                self.eval_field_chain(dot, dot.clone(), n, ident, std::slice::from_ref(n), None)?
            }
            Arg::Variable { .. } => self.eval_variable(dot, n, &[], None)?,
            Arg::Pipe(p) => self.eval_pipeline(dot, p)?,
            Arg::Identifier { name, .. } => self.eval_function(dot, name, At::Arg(n), &[], None)?,
            Arg::Chain { .. } => self.eval_chain(dot, n, &[], None)?,
            lit => {
                return match t {
                    Ty::Str => match lit {
                        Arg::String { text, .. } => Ok(Value::String(text.clone())),
                        _ => self.error(format!("expected string; found {lit}")),
                    },
                    Ty::Any | Ty::Reflect => match lit {
                        Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
                        Arg::Number(num) => self.ideal_constant(num),
                        Arg::String { text, .. } => Ok(Value::String(text.clone())),
                        _ => self.error(format!(
                            "can't handle assignment of {lit} to empty interface argument"
                        )),
                    },
                    _ => self.error(format!("can't handle {lit} for arg of type {}", t.go_name())),
                };
            }
        };
        // Go leaves the position at the innermost node evaluated last.
        self.validate_type(v, t)
    }
}

/// The zero-argument methods of the Go types templates meet.
fn method(recv: &Value, name: &str) -> Option<Value> {
    match (recv, name) {
        (Value::Time(ns), "Unix") => Some(Value::Int(ns.div_euclid(1_000_000_000))),
        (Value::Time(ns), "UnixMilli") => Some(Value::Int(ns.div_euclid(1_000_000))),
        (Value::Time(ns), "UnixNano") => Some(Value::Int(*ns)),
        (Value::Time(ns), "UTC") => Some(Value::Time(*ns)),
        (Value::Time(_) | Value::Duration(_) | Value::Histogram(_), "String") => {
            recv.stringer().map(Value::String)
        }
        (Value::Duration(ns), "Seconds") => Some(Value::Float(*ns as f64 / 1e9)),
        (Value::Duration(ns), "Minutes") => Some(Value::Float(*ns as f64 / 6e10)),
        (Value::Duration(ns), "Hours") => Some(Value::Float(*ns as f64 / 3.6e12)),
        (Value::Duration(ns), "Milliseconds") => Some(Value::Int(ns / 1_000_000)),
        (Value::Duration(ns), "Microseconds") => Some(Value::Int(ns / 1_000)),
        (Value::Duration(ns), "Nanoseconds") => Some(Value::Int(*ns)),
        _ => None,
    }
}

/// How an action prints its value: `fmt.Fprint` of the printable value,
/// `<no value>` for nil, a struct behind a pointer without the `&`.
fn print_action(v: &Value) -> String {
    match v {
        Value::Nil => "<no value>".to_owned(),
        Value::Sample(s) => {
            let labels = Value::StringMap(Rc::new(s.labels.clone()));
            let value = Value::from(&s.value);
            format!("{{{} {}}}", fmt::sprint(&[labels]), fmt::sprint(&[value]))
        }
        v => fmt::sprint(std::slice::from_ref(v)),
    }
}
