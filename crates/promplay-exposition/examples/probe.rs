//! Local probe (not committed): parses a file N times.
#![allow(missing_docs, clippy::print_stdout)]
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).unwrap();
    let n: usize = args[2].parse().unwrap();
    let fmt = if args[1].contains(".om") {
        promplay_exposition::Format::OpenMetrics
    } else {
        promplay_exposition::Format::Prometheus
    };
    let opts = promplay_exposition::ParseOptions::new(Some(fmt), Default::default());
    let mut total = 0;
    for _ in 0..n {
        let p = promplay_exposition::parse(&text, &opts);
        total += p.sample_count() + p.diagnostics.len();
    }
    println!("{total}");
}
