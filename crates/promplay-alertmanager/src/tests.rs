//! What amtool does not print but the workbench shows: the settings each
//! route inherits (`dispatch.newRoute`), the walk's verdict per node, and
//! inputs that must never panic.

use crate::{GroupBy, RouteTree, Source, Visit, load, parse_label_set};

const TREE: &str = "\
route:
  receiver: root
  group_by: [alertname]
  group_interval: 1m
  routes:
  - matchers: [team=a]
    receiver: a
    group_wait: 10s
    routes:
    - matchers: [sev=page]
      group_by: ['...']
      repeat_interval: 1h
    - matchers: [sev=mail]
      group_by: []
      receiver: a-mail
  - matchers: [team=b]
    mute_time_intervals: [weekend]
    continue: true
  - matchers: [team=~\"a|b\"]
    receiver: ab
receivers: [{name: root}, {name: a}, {name: a-mail}, {name: ab}]
time_intervals: [{name: weekend}]
";

fn tree() -> RouteTree {
    let loaded = load(TREE);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    RouteTree::new(loaded.config.as_ref().expect("config"))
}

#[test]
fn settings_are_inherited_from_the_nearest_ancestor() {
    let t = tree();
    let paths: Vec<&str> = t.nodes.iter().map(|n| n.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "route",
            "route.routes[0]",
            "route.routes[0].routes[0]",
            "route.routes[0].routes[1]",
            "route.routes[1]",
            "route.routes[2]"
        ]
    );
    let page = &t.nodes[2];
    assert_eq!(page.receiver.value, "a");
    assert_eq!(page.receiver.source, Source::Inherited(1));
    assert_eq!(page.group_by.value, GroupBy::All);
    assert_eq!(page.group_wait.value, 10_000);
    assert_eq!(page.group_wait.source, Source::Inherited(1));
    assert_eq!(page.group_interval.value, 60_000);
    assert_eq!(page.group_interval.source, Source::Inherited(0));
    assert_eq!(page.repeat_interval.value, 3_600_000);
    assert_eq!(page.repeat_interval.source, Source::Own);
    let mail = &t.nodes[3];
    assert_eq!(mail.group_by.value, GroupBy::Labels(vec![]));
    assert_eq!(mail.repeat_interval.source, Source::Default);
    assert_eq!(mail.repeat_interval.value, 4 * 3_600_000);
    let b = &t.nodes[4];
    assert_eq!(b.group_by.value, GroupBy::Labels(vec!["alertname".into()]));
    assert_eq!(b.group_wait.source, Source::Default);
    assert_eq!(b.mute_time_intervals, ["weekend"]);
    assert!(t.nodes[5].mute_time_intervals.is_empty(), "mute intervals are not inherited");
}

#[test]
fn the_walk_explains_every_node() {
    let t = tree();
    let r = t.route(&parse_label_set("{team=\"b\"}").unwrap());
    assert_eq!(r.receivers(&t), ["root", "ab"]);
    assert_eq!(r.paths, [vec![0, 4], vec![0, 5]]);
    assert_eq!(
        r.visits,
        [
            Visit::Matched,
            Visit::Rejected(0),
            Visit::NotReached,
            Visit::NotReached,
            Visit::Matched,
            Visit::Matched
        ]
    );
    let r = t.route(&parse_label_set("{team=\"a\", sev=\"page\"}").unwrap());
    assert_eq!(r.matches, [2]);
    assert_eq!(r.visits[5], Visit::NotReached, "team=a has no continue");
    let r = t.route(&parse_label_set("{team=\"c\"}").unwrap());
    assert_eq!(r.matches, [0]);
}

#[test]
fn label_sets_accept_only_equality() {
    assert!(parse_label_set("{a=\"b\", c=d}").is_ok());
    assert!(parse_label_set("").unwrap().is_empty());
    let err = parse_label_set("{a=~\"b\"}").unwrap_err();
    assert!(err.contains("key=value"), "{err}");
    assert!(parse_label_set("{a!}").is_err());
}

#[test]
fn no_input_panics() {
    // Every prefix of a realistic file, and some hostile shapes.
    for end in 0..=TREE.len() {
        if TREE.is_char_boundary(end) {
            let loaded = load(&TREE[..end]);
            if let Some(c) = &loaded.config {
                let t = RouteTree::new(c);
                let _ = t.route(&parse_label_set("{team=\"a\"}").unwrap());
            }
            for d in &loaded.diagnostics {
                let s = d.primary_span().unwrap_or_default();
                assert!(s.is_within(end), "{d:?} outside the input of length {end}");
            }
        }
    }
    for text in [
        "- a\n- b",
        "route: [1]",
        "route:\n  routes: {a: 1}",
        "receivers: 3",
        "a: *x",
        "route: &r {routes: [*r]}",
        "\u{feff}route: {receiver: 'é'}",
    ] {
        let _ = load(text);
    }
}
