//! The parser never panics and every span it returns is a valid range on
//! character boundaries: checked on every prefix of the sample fixtures and
//! on deterministic, seeded byte mutations of them, in both formats and
//! both strictness levels.

use promplay_diagnostics::Span;
use promplay_exposition::{Format, ParseOptions, Parsed, Strictness, parse, parse_bytes};
use std::path::PathBuf;

fn fixtures() -> Vec<Vec<u8>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/exposition");
    [
        "sample.prom",
        "sample.om",
        "diagnostics/syntax.prom",
        "diagnostics/family.strict.om",
        "diagnostics/native.native.om",
    ]
    .iter()
    .map(|name| std::fs::read(dir.join(name)).expect("fixture"))
    .collect()
}

fn all_options() -> Vec<ParseOptions> {
    let mut out = vec![ParseOptions::default()];
    for format in [Format::Prometheus, Format::OpenMetrics] {
        for strictness in [Strictness::Prometheus, Strictness::Strict, Strictness::Lenient] {
            out.push(ParseOptions::new(Some(format), strictness));
        }
        out.push(
            ParseOptions::new(Some(format), Strictness::Strict)
                .with_experimental_native_histograms(true),
        );
    }
    out
}

/// Every span in `parsed` must be a range into `text` on char boundaries.
fn check_spans(text: &str, parsed: &Parsed<'_>) {
    let ok = |s: Span| {
        assert!(s.is_within(text.len()), "span {s:?} outside input of {} bytes", text.len());
        assert!(
            text.is_char_boundary(s.start as usize) && text.is_char_boundary(s.end as usize),
            "span {s:?} splits a char"
        );
    };
    for d in &parsed.diagnostics {
        d.labels.iter().for_each(|l| ok(l.span));
    }
    for f in &parsed.families {
        ok(f.name_span);
        ok(f.span);
        f.type_span.into_iter().for_each(ok);
        f.help.iter().for_each(|h| ok(h.span));
        f.unit.iter().for_each(|u| ok(u.span));
        for s in &f.samples {
            [s.name_span, s.series_span, s.value_span, s.span].into_iter().for_each(ok);
            s.timestamp_span.into_iter().for_each(ok);
            for p in parsed.labels_of(s) {
                ok(p.name_span);
                ok(p.value_span);
            }
            if let Some(e) = &s.exemplar {
                ok(e.span);
            }
            if let Some(h) = &s.native_histogram {
                ok(h.span);
            }
        }
    }
    parsed.comments.iter().for_each(|c| ok(c.span));
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn every_prefix_parses_without_panicking() {
    for input in fixtures() {
        let text = String::from_utf8(input).expect("fixtures are UTF-8");
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let prefix = &text[..end];
            for options in all_options() {
                check_spans(prefix, &parse(prefix, &options));
            }
        }
    }
}

#[test]
fn mutated_inputs_parse_without_panicking() {
    const INTERESTING: &[u8] = b"{}\"\\=,# \t\n\0e.+-_:0aZ\xff\xc3\xa9";
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    for input in fixtures() {
        for _ in 0..400 {
            let mut bytes = input.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len() + 1);
                let byte = if rng.below(4) == 0 {
                    rng.next() as u8
                } else {
                    INTERESTING[rng.below(INTERESTING.len())]
                };
                match rng.below(3) {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, byte),
                }
            }
            for options in all_options() {
                let parsed = parse_bytes(&bytes, &options);
                match std::str::from_utf8(&bytes) {
                    Ok(text) => check_spans(text, &parsed),
                    Err(_) => {
                        assert!(!parsed.diagnostics.is_empty(), "invalid UTF-8 must be reported");
                        let fixed = String::from_utf8_lossy(&bytes).replace('\u{fffd}', "?");
                        // Spans index the original bytes; check the range only.
                        for d in &parsed.diagnostics {
                            for l in &d.labels {
                                assert!(
                                    l.span.is_within(bytes.len()),
                                    "{:?} outside {} bytes ({fixed:?})",
                                    l.span,
                                    bytes.len()
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn invalid_utf8_is_reported_where_it_is() {
    let bytes = b"up{job=\"a\xffb\"} 1\n";
    let parsed = parse_bytes(bytes, &ParseOptions::default());
    let d = &parsed.diagnostics[0];
    assert_eq!(d.code, "EXP0001");
    assert!(d.is_error());
    assert_eq!(d.labels[0].span, Span::new(9, 10));

    // In a comment only the strict mode rejects it, as Prometheus never reads comments.
    let bytes = b"# caf\xe9\nup 1\n";
    let lenient =
        parse_bytes(bytes, &ParseOptions::new(Some(Format::Prometheus), Strictness::Prometheus));
    assert!(!lenient.has_errors() && lenient.diagnostics.len() == 1);
    let strict =
        parse_bytes(bytes, &ParseOptions::new(Some(Format::Prometheus), Strictness::Strict));
    assert!(strict.has_errors());
}
