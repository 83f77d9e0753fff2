//! The Query scenario end to end: data sources in, JSON and table out.

use super::*;

fn instant(data: &QueryData, q: &str, t: i64) -> QueryOutcome {
    run_query(data, q, QueryTime::Instant(t))
}

#[test]
fn a_scrape_is_stamped_at_its_time_unless_a_sample_has_a_timestamp() {
    let mut data = QueryData::new();
    assert!(data.add_scrape("a 1\nb 2 30000\n", 60_000).is_empty());
    assert_eq!(data.time_range(), Some((30_000, 60_000)));
    let a = data.storage.series().find(|(l, _)| l.metric_name() == Some("a")).expect("a");
    let b = data.storage.series().find(|(l, _)| l.metric_name() == Some("b")).expect("b");
    assert_eq!(a.1[0].t, 60_000);
    assert_eq!(b.1[0].t, 30_000);
}

#[test]
fn several_scrapes_make_a_time_series() {
    let mut data = QueryData::new();
    data.add_scrape("# TYPE c counter\nc_total 10\n", 0);
    data.add_scrape("# TYPE c counter\nc_total 70\n", 60_000);
    let out = instant(&data, "increase(c_total[2m])", 60_000);
    assert!(out.error().is_none(), "{:?}", out.error());
    assert_eq!(out.table().rows.len(), 1);
}

#[test]
fn load_notation_and_json_in_the_api_shape() {
    let mut data = QueryData::new();
    assert!(data.add_series("load 1m\n  m{job=\"a\"} 1 2 3\n", 60_000).is_empty());
    assert_eq!(data.metric_names(), ["m"]);
    let out = instant(&data, "m", 120_000);
    assert_eq!(
        out.json_string(),
        r#"{"resultType":"vector","result":[{"metric":{"__name__":"m","job":"a"},"value":[120,"3"]}]}"#
    );
    let range =
        run_query(&data, "m * 2", QueryTime::Range { start: 0, end: 120_000, step: 60_000 });
    assert_eq!(
        range.json_string(),
        r#"{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[[0,"2"],[60,"4"],[120,"6"]]}]}"#
    );
    assert_eq!(
        range.table().render(),
        "{job=\"a\"}  2 @0\n{job=\"a\"}  4 @60\n{job=\"a\"}  6 @120\n"
    );
}

#[test]
fn source_errors_point_into_their_source() {
    let mut data = QueryData::new();
    assert!(data.add_series("m 1 2\n", 60_000).is_empty());
    let text = "ok 1\nbad{ 1\n";
    let diags = data.add_series(text, 60_000);
    assert_eq!(diags.len(), 1);
    assert_eq!(&text[diags[0].primary_span().expect("span").range()], "1");
    assert_eq!(data.metric_names(), ["m", "ok"]);
}

#[test]
fn parse_errors_come_back_with_spans_and_nothing_is_evaluated() {
    let data = QueryData::new();
    let out = instant(&data, "sum(rate(x[5m])", 0);
    assert!(out.result.is_none());
    let (_, span) = out.error().expect("an error");
    assert!(span.is_some());
    assert_eq!(out.json(), serde_json::Value::Null);
}

#[test]
fn scalars_and_strings_render() {
    let data = QueryData::new();
    assert_eq!(instant(&data, "1 + 1", 5_000).table().render(), "2 @5\n");
    assert_eq!(
        instant(&data, "\"hi\"", 0).json_string(),
        r#"{"resultType":"string","result":[0,"hi"]}"#
    );
}

#[test]
fn classic_histograms_in_a_scrape_can_also_be_native_with_custom_buckets() {
    let scrape = "# TYPE rpc_seconds histogram\nrpc_seconds_bucket{le=\"0.1\"} 2\nrpc_seconds_bucket{le=\"1\"} 5\nrpc_seconds_bucket{le=\"+Inf\"} 6\nrpc_seconds_sum 3.5\nrpc_seconds_count 6\n";
    let mut data = QueryData::new();
    assert!(data.add_scrape_with(scrape, 60_000, true).is_empty());
    let out = instant(&data, "rpc_seconds", 60_000);
    assert_eq!(
        out.table().rows[0].value,
        "{count:6, sum:3.5, (-Inf,0.1]:2, (0.1,1]:3, (1,+Inf]:1}"
    );
    // The classic series stay, as with always_scrape_classic_histograms.
    assert_eq!(instant(&data, "rpc_seconds_bucket", 60_000).table().rows.len(), 3);
    let mut plain = QueryData::new();
    plain.add_scrape(scrape, 60_000);
    assert!(instant(&plain, "rpc_seconds", 60_000).table().rows.is_empty());
}
