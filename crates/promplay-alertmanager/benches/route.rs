//! Routing 10,000 label sets through a 200-route tree: 10 team routes,
//! each with 19 children mixing equality, regex and negative matchers and
//! a few `continue: true` routes, plus the root.

use criterion::{Criterion, criterion_main};
use promplay_alertmanager::{RouteTree, load};
use promplay_model::Labels;
use std::fmt::Write;
use std::hint::black_box;

fn config() -> String {
    let mut s = String::from("route:\n  receiver: default\n  group_by: [alertname]\n  routes:\n");
    let mut receivers = vec!["default".to_owned()];
    for t in 0..10 {
        let _ = write!(s, "  - matchers: ['team=\"t{t}\"']\n    receiver: team-{t}\n    routes:\n");
        receivers.push(format!("team-{t}"));
        for c in 0..19 {
            let matcher = match c % 4 {
                0 => format!("severity=\"critical\", service=\"svc{c}\""),
                1 => format!("alertname=~\"Disk.*|Node{c}.*\""),
                2 => format!("service=\"svc{c}\", env!=\"dev\""),
                _ => format!("instance!~\"10\\\\.0\\\\..*\", service=\"svc{c}\""),
            };
            let _ = write!(
                s,
                "    - matchers: ['{matcher}']\n      receiver: team-{t}-{c}\n      continue: {}\n",
                c % 5 == 0
            );
            receivers.push(format!("team-{t}-{c}"));
        }
    }
    s.push_str("receivers:\n");
    for r in receivers {
        let _ = writeln!(s, "- name: {r}");
    }
    s
}

fn label_sets() -> Vec<Labels> {
    (0..10_000)
        .map(|i| {
            Labels::from_pairs([
                ("alertname", format!("{}{}", if i % 3 == 0 { "Disk" } else { "Node" }, i % 23)),
                ("team", format!("t{}", i % 11)),
                ("service", format!("svc{}", i % 19)),
                ("severity", if i % 2 == 0 { "critical" } else { "warning" }.to_owned()),
                ("env", if i % 7 == 0 { "dev" } else { "prod" }.to_owned()),
                ("instance", format!("10.{}.0.{}:9100", i % 2, i % 250)),
            ])
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let text = config();
    let loaded = load(&text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let tree = RouteTree::new(loaded.config.as_ref().expect("config"));
    assert_eq!(tree.nodes.len(), 201);
    let sets = label_sets();
    c.bench_function("load 200-route config", |b| b.iter(|| load(black_box(&text))));
    c.bench_function("route 10k label sets through 200 routes", |b| {
        b.iter(|| {
            let mut total = 0;
            for l in &sets {
                total += tree.route(black_box(l)).matches.len();
            }
            total
        });
    });
}

#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
