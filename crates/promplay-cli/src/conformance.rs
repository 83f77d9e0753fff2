//! `promplay conformance SUITE|all`: runs `promplay_conformance::run` and
//! prints its report: failures with case id and difference, the suite's
//! extra lines, then `N passed, M failed, K skipped`.

use crate::args::ConformanceOptions;
use anyhow::Result;
use promplay_conformance::{Outcome, SUITES, SuiteReport};
use std::path::{Path, PathBuf};

/// `promplay conformance`.
pub fn run(opts: &ConformanceOptions) -> Result<u8> {
    if opts.suite != "all" && !SUITES.contains(&opts.suite.as_str()) {
        eprintln!(
            "promplay: unknown suite `{}`; expected one of: {}, all",
            opts.suite,
            SUITES.join(", ")
        );
        return Ok(crate::EXIT_USAGE);
    }
    let dir: PathBuf = match &opts.dir {
        Some(dir) => dir.clone(),
        // Relative to the current directory, shown as `../shared/…` in messages.
        None => promplay_conformance::default_dir(Path::new("")),
    };
    if opts.suite != "all" {
        let report = promplay_conformance::run(&opts.suite, &dir)
            .map_err(|err| anyhow::anyhow!("suite {}: {err}", opts.suite))?;
        print_report(&report);
        println!("{}", report.summary_line());
        for line in &report.after_summary {
            println!("{line}");
        }
        return Ok(u8::from(report.count(Outcome::Fail) > 0));
    }

    // Every suite: one section each, then the totals. A suite that cannot
    // run (its folder is missing) is reported and makes the run fail.
    let mut total = SuiteReport { suite: "all".to_owned(), ..SuiteReport::default() };
    let mut broken = false;
    for suite in SUITES {
        println!("== {suite}");
        match promplay_conformance::run(suite, &dir) {
            Ok(report) => {
                print_report(&report);
                println!("{suite}: {}", report.summary_line());
                for line in &report.after_summary {
                    println!("{line}");
                }
                total.cases.extend(report.cases);
            }
            Err(err) => {
                eprintln!("promplay: suite {suite}: {err}");
                broken = true;
            }
        }
    }
    println!("{}", total.summary_line());
    Ok(u8::from(broken || total.count(Outcome::Fail) > 0))
}

/// The failures, then the suite's extra lines.
fn print_report(report: &SuiteReport) {
    for case in report.cases.iter().filter(|c| c.outcome == Outcome::Fail) {
        println!("FAIL {}", case.id);
        for line in case.detail.lines() {
            println!("    {line}");
        }
    }
    for line in &report.extra_lines {
        println!("{line}");
    }
}
