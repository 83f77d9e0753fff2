//! amtool's text output: `amtool config routes show` (the whole tree) and
//! `amtool config routes test` (receivers, optionally the matching tree),
//! drawn the way `github.com/xlab/treeprint` v1.2.0 draws trees.

use crate::route::RouteTree;
use promplay_model::Labels;

/// The output of `amtool config routes show`.
pub fn routes_show(tree: &RouteTree) -> String {
    let mut root = TreeNode::new(".".into());
    root.children.push(show_node(tree, 0));
    format!("Routing tree:\n{}\n", root.render())
}

fn show_node(tree: &RouteTree, i: usize) -> TreeNode {
    let mut n = TreeNode::new(slug(tree, i, true, true));
    n.children = tree.nodes[i].children.iter().map(|&c| show_node(tree, c)).collect();
    n
}

/// `getRouteTreeSlug`: the matchers (or `default-route`), then optionally
/// `continue: true` and the receiver, separated by two spaces.
pub fn slug(tree: &RouteTree, i: usize, show_continue: bool, show_receiver: bool) -> String {
    let node = &tree.nodes[i];
    let mut s =
        if node.matchers.is_empty() { "default-route".to_owned() } else { node.matchers_string() };
    if node.continue_ && show_continue {
        s.push_str("  continue: true");
    }
    if show_receiver {
        s.push_str("  receiver: ");
        s.push_str(&node.receiver.value);
    }
    s
}

/// What `amtool config routes test` prints and its exit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestOutput {
    /// Standard output.
    pub stdout: String,
    /// 0, or 1 when `--verify.receivers` does not match.
    pub exit_code: i32,
}

/// `amtool config routes test [--tree] [--verify.receivers=R] labels...`.
pub fn routes_test(
    tree: &RouteTree,
    labels: &Labels,
    show_tree: bool,
    verify: Option<&str>,
) -> TestOutput {
    let mut stdout = String::new();
    if show_tree {
        let mut root = TreeNode::new(".".into());
        root.children.push(matching_node(tree, 0, labels));
        stdout.push_str("Matching routes:\n");
        stdout.push_str(&root.render());
        stdout.push_str("\n\n");
    }
    let routing = tree.route(labels);
    let receivers = routing.receivers(tree).join(",");
    stdout.push_str(&receivers);
    stdout.push('\n');
    let mut exit_code = 0;
    if let Some(expected) = verify.filter(|v| !v.is_empty())
        && expected != receivers
    {
        stdout.push_str("WARNING: Expected receivers did not match resolved receivers.\n");
        exit_code = 1;
    }
    TestOutput { stdout, exit_code }
}

/// `getMatchingTree`: the matching children (the first one without
/// `continue` ends the level); leaves show their receiver.
fn matching_node(tree: &RouteTree, i: usize, labels: &Labels) -> TreeNode {
    let mut n = TreeNode::new(slug(tree, i, false, false));
    for &c in &tree.nodes[i].children {
        if tree.nodes[c].matches(labels) {
            n.children.push(matching_node(tree, c, labels));
            if !tree.nodes[c].continue_ {
                break;
            }
        }
    }
    if n.children.is_empty() {
        n.value = slug(tree, i, false, true);
    }
    n
}

struct TreeNode {
    value: String,
    children: Vec<TreeNode>,
}

impl TreeNode {
    fn new(value: String) -> TreeNode {
        TreeNode { value, children: Vec::new() }
    }

    /// treeprint's `String()` for a root node: its value, then the children.
    fn render(&self) -> String {
        let mut out = format!("{}\n", self.value);
        print_nodes(&mut out, 0, &mut Vec::new(), &self.children);
        out
    }
}

fn print_nodes(out: &mut String, level: usize, ended: &mut Vec<usize>, nodes: &[TreeNode]) {
    for (i, node) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        if last {
            ended.push(level);
        }
        for l in 0..level {
            out.push_str(if ended.contains(&l) { "    " } else { "│   " });
        }
        out.push_str(if last { "└── " } else { "├── " });
        out.push_str(&node.value);
        out.push('\n');
        if !node.children.is_empty() {
            let mark = ended.len();
            print_nodes(out, level + 1, ended, &node.children);
            ended.truncate(mark);
        }
    }
}
