//! The routing tree as Alertmanager builds it (`dispatch.NewRoute`): each
//! node inherits receiver, grouping and timers from its parent, its
//! matchers are sorted, and `Route.Match` walks it depth-first, left to
//! right, where the first matching child wins unless it has `continue`.

use crate::config::{Config, MatcherOrigin, Route};
use crate::matcher::Matcher;
use promplay_diagnostics::Span;
use promplay_model::Labels;

/// `dispatch.DefaultRouteOpts`: group_wait 30s.
pub const DEFAULT_GROUP_WAIT_MS: i64 = 30_000;
/// group_interval 5m.
pub const DEFAULT_GROUP_INTERVAL_MS: i64 = 300_000;
/// repeat_interval 4h.
pub const DEFAULT_REPEAT_INTERVAL_MS: i64 = 4 * 3_600_000;

/// How alerts of a route are grouped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// By these labels, sorted (an empty list: one group for everything).
    Labels(Vec<String>),
    /// `group_by: ['...']`: by all labels, i.e. no grouping.
    All,
}

/// Where an effective setting comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Set on this route.
    Own,
    /// Inherited from the ancestor with this node index.
    Inherited(usize),
    /// Alertmanager's default.
    Default,
}

/// A setting with its origin.
#[derive(Clone, Debug, PartialEq)]
pub struct Effective<T> {
    /// The value in effect.
    pub value: T,
    /// Where it was set.
    pub source: Source,
}

/// One node of the routing tree with everything in effect for it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RouteNode {
    /// Index in [`RouteTree::nodes`] (depth-first order, the root is 0).
    pub index: usize,
    /// The parent node.
    pub parent: Option<usize>,
    /// Child nodes, in order.
    pub children: Vec<usize>,
    /// Depth (the root is 0).
    pub depth: usize,
    /// Field path in the configuration (`route.routes[1]`).
    pub path: String,
    /// The route's mapping in the input.
    pub span: Span,
    /// The matchers, sorted as Alertmanager sorts them, with the span and
    /// origin of each.
    pub matchers: Vec<(Matcher, Span, MatcherOrigin)>,
    /// `continue`.
    pub continue_: bool,
    /// The receiver in effect.
    pub receiver: Effective<String>,
    /// Grouping in effect.
    pub group_by: Effective<GroupBy>,
    /// group_wait in effect (ms).
    pub group_wait: Effective<i64>,
    /// group_interval in effect (ms).
    pub group_interval: Effective<i64>,
    /// repeat_interval in effect (ms).
    pub repeat_interval: Effective<i64>,
    /// `mute_time_intervals` of this route (not inherited, as upstream).
    pub mute_time_intervals: Vec<String>,
    /// `active_time_intervals` of this route (not inherited).
    pub active_time_intervals: Vec<String>,
}

impl RouteNode {
    /// The matchers alone.
    pub fn matcher_list(&self) -> Vec<Matcher> {
        self.matchers.iter().map(|(m, _, _)| m.clone()).collect()
    }

    /// `labels.Matchers.String()` of the node, `{}` when it has none.
    pub fn matchers_string(&self) -> String {
        crate::matcher::matchers_string(&self.matcher_list())
    }

    /// Whether every matcher accepts `labels`.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.first_failing(labels).is_none()
    }

    /// The first matcher (in sorted order) that rejects `labels`.
    pub fn first_failing(&self, labels: &Labels) -> Option<usize> {
        self.matchers.iter().position(|(m, _, _)| !m.matches(labels.get(&m.name).unwrap_or("")))
    }
}

/// The routing tree.
#[derive(Clone, Debug)]
pub struct RouteTree {
    /// Every node in depth-first order; the root is `nodes[0]`.
    pub nodes: Vec<RouteNode>,
}

/// What happened to one node during a routing walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Visit {
    /// The node's matchers accept the alert.
    Matched,
    /// The matcher with this index (in [`RouteNode::matchers`]) rejects it.
    Rejected(usize),
    /// Not looked at: an earlier sibling matched without `continue`, or the
    /// parent did not match.
    NotReached,
}

/// Where an alert goes.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Routing {
    /// The matched routes (`Route.Match`), in order: each one is a
    /// notification pipeline with its receiver.
    pub matches: Vec<usize>,
    /// For each matched route, the path of node indices from the root.
    pub paths: Vec<Vec<usize>>,
    /// For every node of the tree, what the walk did with it.
    pub visits: Vec<Visit>,
}

impl Routing {
    /// The receivers in order (duplicates kept, as amtool prints them).
    pub fn receivers<'t>(&self, tree: &'t RouteTree) -> Vec<&'t str> {
        self.matches.iter().map(|&i| tree.nodes[i].receiver.value.as_str()).collect()
    }
}

impl RouteTree {
    /// Builds the tree of `config` (`dispatch.NewRoute`).
    pub fn new(config: &Config) -> RouteTree {
        let mut nodes = Vec::new();
        build(&config.route, None, 0, &mut nodes);
        RouteTree { nodes }
    }

    /// The root node.
    pub fn root(&self) -> &RouteNode {
        &self.nodes[0]
    }

    /// `Route.Match` plus the reason for every node.
    pub fn route(&self, labels: &Labels) -> Routing {
        let mut visits = vec![Visit::NotReached; self.nodes.len()];
        let mut matches = Vec::new();
        self.walk(0, labels, &mut visits, &mut matches);
        let paths = matches.iter().map(|&i| self.path_to(i)).collect();
        Routing { matches, paths, visits }
    }

    /// Node indices from the root to `index`.
    pub fn path_to(&self, index: usize) -> Vec<usize> {
        let mut path = vec![index];
        let mut at = index;
        while let Some(p) = self.nodes[at].parent {
            path.push(p);
            at = p;
        }
        path.reverse();
        path
    }

    fn walk(&self, i: usize, labels: &Labels, visits: &mut [Visit], out: &mut Vec<usize>) -> bool {
        let node = &self.nodes[i];
        if let Some(failing) = node.first_failing(labels) {
            visits[i] = Visit::Rejected(failing);
            return false;
        }
        visits[i] = Visit::Matched;
        let before = out.len();
        for &c in &node.children {
            let matched = self.walk(c, labels, visits, out);
            if matched && !self.nodes[c].continue_ {
                break;
            }
        }
        if out.len() == before {
            out.push(i);
        }
        true
    }
}

fn build(r: &Route, parent: Option<(usize, &RouteNode)>, depth: usize, nodes: &mut Vec<RouteNode>) {
    let index = nodes.len();
    let inherit =
        |own: Option<Effective<_>>, from: Option<&Effective<_>>, default| match (own, from) {
            (Some(v), _) => v,
            (None, Some(p)) => p.clone(),
            (None, None) => Effective { value: default, source: Source::Default },
        };
    let parent_node = parent.map(|(_, n)| n);
    let inherited = |e: &Effective<i64>| -> Effective<i64> {
        match (e.source, parent) {
            (Source::Own, Some((pi, _))) => {
                Effective { value: e.value, source: Source::Inherited(pi) }
            }
            _ => e.clone(),
        }
    };
    let pass = |e: Option<&Effective<i64>>| e.map(inherited);
    let timer = |t: Option<crate::config::Timing>| {
        t.map(|t| Effective { value: t.ms, source: Source::Own })
    };
    let group_wait = inherit(
        timer(r.group_wait),
        pass(parent_node.map(|p| &p.group_wait)).as_ref(),
        DEFAULT_GROUP_WAIT_MS,
    );
    let group_interval = inherit(
        timer(r.group_interval),
        pass(parent_node.map(|p| &p.group_interval)).as_ref(),
        DEFAULT_GROUP_INTERVAL_MS,
    );
    let repeat_interval = inherit(
        timer(r.repeat_interval),
        pass(parent_node.map(|p| &p.repeat_interval)).as_ref(),
        DEFAULT_REPEAT_INTERVAL_MS,
    );
    let receiver = match (&r.receiver, parent) {
        (Some(n), _) if !n.value.is_empty() => {
            Effective { value: n.value.clone(), source: Source::Own }
        }
        (_, Some((pi, p))) => Effective {
            value: p.receiver.value.clone(),
            source: match p.receiver.source {
                Source::Own => Source::Inherited(pi),
                s => s,
            },
        },
        (_, None) => Effective { value: String::new(), source: Source::Default },
    };
    let group_by = own_group_by(r).map_or_else(
        || match parent {
            Some((pi, p)) => Effective {
                value: p.group_by.value.clone(),
                source: match p.group_by.source {
                    Source::Own => Source::Inherited(pi),
                    s => s,
                },
            },
            None => Effective { value: GroupBy::Labels(Vec::new()), source: Source::Default },
        },
        |g| Effective { value: g, source: Source::Own },
    );
    let mut matchers: Vec<(Matcher, Span, MatcherOrigin)> =
        r.matchers.iter().map(|m| (m.matcher.clone(), m.span, m.origin)).collect();
    // Sorted as `sort.Sort(labels.Matchers)` sorts, each with its span.
    matchers.sort_by(|a, b| a.0.sort_key().cmp(&b.0.sort_key()));
    nodes.push(RouteNode {
        index,
        parent: parent.map(|(i, _)| i),
        children: Vec::new(),
        depth,
        path: r.path.clone(),
        span: r.span,
        matchers,
        continue_: r.continue_,
        receiver,
        group_by,
        group_wait,
        group_interval,
        repeat_interval,
        mute_time_intervals: r.mute_time_intervals.iter().map(|n| n.value.clone()).collect(),
        active_time_intervals: r.active_time_intervals.iter().map(|n| n.value.clone()).collect(),
    });
    for child in &r.routes {
        let child_index = nodes.len();
        nodes[index].children.push(child_index);
        let me = nodes[index].clone();
        build(child, Some((index, &me)), depth + 1, nodes);
    }
}

/// The route's own `group_by`: `newRoute` replaces the parent's set when
/// the list is given (even empty) and only switches to "all" for `...`.
fn own_group_by(r: &Route) -> Option<GroupBy> {
    let list = r.group_by.as_ref()?;
    if list.iter().any(|n| n.value == "...") && list.len() == 1 {
        return Some(GroupBy::All);
    }
    let mut labels: Vec<String> =
        list.iter().filter(|n| n.value != "...").map(|n| n.value.clone()).collect();
    labels.sort();
    labels.dedup();
    Some(GroupBy::Labels(labels))
}
