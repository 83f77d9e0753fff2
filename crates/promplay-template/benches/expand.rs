//! Criterion benchmarks of alert template expansion: a typical annotation
//! (labels, humanize, printf), a range over a query result, and parsing
//! alone.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use promplay_template::{
    AlertData, AlertValue, QueryBackend, QuerySample, check_alert_template, expand_alert,
};
use std::collections::BTreeMap;

struct Fifty;

impl QueryBackend for Fifty {
    fn query(&self, _expr: &str, _ts: i64) -> Result<Vec<QuerySample>, String> {
        Ok((0..50)
            .map(|i| QuerySample {
                labels: BTreeMap::from([("instance".to_owned(), format!("node-{i}:9100"))]),
                value: AlertValue::Float(f64::from(i) * 1234.5),
            })
            .collect())
    }
}

const ANNOTATION: &str = "{{ $labels.instance }} of job {{ $labels.job }} has {{ $value | humanizePercentage }} disk used ({{ printf \"%.2f\" $value }}); see {{ $externalURL }}/alerts";
const RANGE: &str = "{{ range sortByLabel \"instance\" (query \"up\") }}{{ .Labels.instance }}={{ .Value | humanize }} {{ end }}";

fn bench(c: &mut Criterion) {
    let data = AlertData {
        labels: BTreeMap::from([
            ("instance".to_owned(), "node-1:9100".to_owned()),
            ("job".to_owned(), "node".to_owned()),
        ]),
        external_url: "http://prometheus.example.com".to_owned(),
        value: AlertValue::Float(0.8512),
        ..AlertData::default()
    };
    c.bench_function("expand typical annotation", |b| {
        b.iter(|| expand_alert("DiskFull", black_box(ANNOTATION), &data, &Fifty, 0).unwrap());
    });
    c.bench_function("expand range over 50 query samples", |b| {
        b.iter(|| expand_alert("Up", black_box(RANGE), &data, &Fifty, 0).unwrap());
    });
    c.bench_function("check (parse only) typical annotation", |b| {
        b.iter(|| check_alert_template("DiskFull", black_box(ANNOTATION)).unwrap());
    });
}

// The macro generates an undocumented function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, bench);
}
criterion_main!(group::benches);
