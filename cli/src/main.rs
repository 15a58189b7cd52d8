//! `scrutiny`: check, summarise, publish and generate Scrutiny datasets natively, with the
//! same core as the dashboard. Run `scrutiny help` for usage.

mod input;
mod publish;

use chrono::NaiveDate;
use scrutiny_core::aggregate::FilterDimension;
use scrutiny_core::report::{LoadReport, Status};
use scrutiny_core::summary::{summary_json, Counts};
use scrutiny_core::{aggregate, export, sample, DatasetMeta};
use std::path::PathBuf;
use std::process::ExitCode;

/// The usage text, with `FILTER_OPTIONS` for the filter dimensions' options (see [`usage`]).
const USAGE_TEMPLATE: &str = "\
scrutiny: check and summarise police-accountability case data (Scrutiny data format v1)

USAGE:
  scrutiny check FILE|RELEASE_DIR [--as-of YYYY-MM-DD] [--json]
      Load and validate a cases file (CSV or JSON), or a published release folder
      (DATA_DIR/ID). Exit code 0: loaded with no row errors; 1: loaded, with row errors;
      2: refused.
  scrutiny summary FILE|RELEASE_DIR [--as-of YYYY-MM-DD] [--json] [--disclosed] [FILTER...]
      Print the figures the dashboard draws: raw counts, or with --disclosed the published
      values after small-number suppression ([c]), and the commitments' status.
      FILTER: --from DATE --to DATE (reported date, inclusive; a published release's dates
      are months, so its views start on the 1st of the month of --from and end on the last
      day of the month of --to), and any number of FILTER_OPTIONS.
  scrutiny publish CASES --metadata DATASET_JSON --release ID --out DATA_DIR [--json]
      Check an internal extract and write a public release of it to DATA_DIR/ID (no IDs,
      pseudonyms or notes; dates only as precise as the figures need; every combination of
      role, category, source, other-force answer and reported period covering at least
      min_cell_count records), listed in DATA_DIR/releases.json (newest first) and its
      Atom feed DATA_DIR/releases.xml; no release is ever removed. --json prints the
      disclosure report. Exit code 0: published; 1: not published (the report says why);
      2: usage error (nothing written). SOURCE_DATE_EPOCH, if set, is the publication time.
  scrutiny sample OUT_DIR [--seed N] [--records N] [--as-of YYYY-MM-DD] [--json]
      Write the synthetic demo internal extract (cases.csv and dataset.json) into OUT_DIR.
      With --records, write N synthetic records with every column filled instead (for
      benchmarks); with --json as well, write cases.json. With --as-of, write the extract as
      it stood on that date (cases reported by then, only what was known then): successive
      dates make successive releases. The demo's data ends on 31 March 2024.

The as-of date comes from --as-of, else from the dataset.json beside FILE (or in
RELEASE_DIR), else today.";

/// The usage text: `--KEY VALUE` for each filter dimension, and which take "not recorded".
fn usage() -> String {
    let options: Vec<String> = FilterDimension::ALL.iter().map(|d| format!("--{} VALUE", d.key())).collect();
    let optional: Vec<&str> =
        FilterDimension::ALL.iter().filter(|d| d.options().contains(&aggregate::NOT_RECORDED)).map(|d| d.words()).collect();
    let not_recorded = match optional.as_slice() {
        [] => String::new(),
        words => format!(" (use \"not recorded\" for a missing {})", words.join(" or ")),
    };
    USAGE_TEMPLATE.replace("FILTER_OPTIONS", &format!("{}{not_recorded}", options.join(", ")))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("scrutiny: {message}");
            ExitCode::from(2)
        }
    }
}

/// Parsed command-line options shared by the subcommands.
struct Options {
    positional: Vec<String>,
    as_of: Option<NaiveDate>,
    seed: Option<u64>,
    records: Option<usize>,
    json: bool,
    disclosed: bool,
    filter: aggregate::Filter,
    metadata: Option<PathBuf>,
    release: Option<String>,
    out: Option<PathBuf>,
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        positional: Vec::new(),
        as_of: None,
        seed: None,
        records: None,
        json: false,
        disclosed: false,
        filter: aggregate::Filter::default(),
        metadata: None,
        release: None,
        out: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => options.json = true,
            "--disclosed" => options.disclosed = true,
            "--as-of" => {
                let value = it.next().ok_or("--as-of needs a date (YYYY-MM-DD)")?;
                let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
                    .map_err(|_| format!("--as-of: \"{value}\" is not a date in the form YYYY-MM-DD"))?;
                options.as_of = Some(date);
            }
            "--records" => {
                let value = it.next().ok_or("--records needs a number")?;
                options.records = Some(value.parse().map_err(|_| format!("--records: \"{value}\" is not a whole number"))?);
            }
            "--from" | "--to" => {
                let value = it.next().ok_or(format!("{arg} needs a date (YYYY-MM-DD)"))?;
                let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
                    .map_err(|_| format!("{arg}: \"{value}\" is not a date in the form YYYY-MM-DD"))?;
                if arg == "--from" {
                    options.filter.from = Some(date);
                } else {
                    options.filter.to = Some(date);
                }
            }
            "--metadata" => options.metadata = Some(PathBuf::from(it.next().ok_or("--metadata needs a dataset.json path")?)),
            "--release" => options.release = Some(it.next().ok_or("--release needs an id")?.clone()),
            "--out" => options.out = Some(PathBuf::from(it.next().ok_or("--out needs a folder")?)),
            "--seed" => {
                let value = it.next().ok_or("--seed needs a number")?;
                options.seed = Some(value.parse().map_err(|_| format!("--seed: \"{value}\" is not a whole number"))?);
            }
            other if other.starts_with("--") => {
                // `--KEY VALUE` for each filter dimension (a link's keys), matched as in the data.
                let dimension = FilterDimension::ALL.iter().find(|d| other.strip_prefix("--") == Some(d.key()));
                let Some(&dimension) = dimension else { return Err(format!("unknown option {other}\n\n{}", usage())) };
                let value = it.next().ok_or(format!("{arg} needs a value"))?;
                options.filter.choose(dimension, value).map_err(|e| format!("{arg}: {e}"))?;
            }
            other => options.positional.push(other.to_string()),
        }
    }
    Ok(options)
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let Some((command, rest)) = args.split_first() else {
        println!("{}", usage());
        return Ok(ExitCode::SUCCESS);
    };
    // `scrutiny publish --help` as well as `scrutiny help`.
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", usage());
        return Ok(ExitCode::SUCCESS);
    }
    let options = parse_options(rest)?;
    match command.as_str() {
        "check" => check(&options),
        "summary" => summary(&options),
        "sample" => write_sample(&options),
        "publish" => publish_release(&options),
        "help" | "--help" | "-h" => {
            println!("{}", usage());
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command \"{other}\"\n\n{}", usage())),
    }
}

fn one_file(options: &Options) -> Result<PathBuf, String> {
    match options.positional.as_slice() {
        [file] => Ok(PathBuf::from(file)),
        _ => Err(format!("expected exactly one FILE\n\n{}", usage())),
    }
}

/// Reads and loads FILE (or a release folder) with the as-of date and metadata it is judged by.
fn load(options: &Options) -> Result<(LoadReport, DatasetMeta), String> {
    input::load(&one_file(options)?, options.as_of)
}

fn exit_code(report: &LoadReport) -> ExitCode {
    match report.status() {
        Status::Refused => ExitCode::from(2),
        Status::Loaded if report.row_errors() > 0 => ExitCode::from(1),
        Status::Loaded => ExitCode::SUCCESS,
    }
}

fn check(options: &Options) -> Result<ExitCode, String> {
    let (report, meta) = load(options)?;
    if options.json {
        println!("{}", check_json(&report, meta.as_of));
    } else {
        print!("{}", check_text(&report, meta.as_of));
    }
    Ok(exit_code(&report))
}

fn check_json(report: &LoadReport, as_of: NaiveDate) -> serde_json::Value {
    let problems: Vec<serde_json::Value> = report
        .problems
        .iter()
        .map(|p| {
            let (line, index) = match p.location {
                scrutiny_core::report::Location::Line(n) => (Some(n), None),
                scrutiny_core::report::Location::Record(i) => (None, Some(i)),
                scrutiny_core::report::Location::Header => (Some(1), None),
            };
            serde_json::json!({"line": line, "index": index, "column": p.column, "severity": p.severity, "kind": p.kind, "message": p.message})
        })
        .collect();
    serde_json::json!({
        "status": report.status(),
        "as_of": as_of,
        "records": report.records.len(),
        "rejected": report.rejected,
        "warnings": report.warnings(),
        "blank_rows_skipped": report.blank_rows_skipped,
        "problems": problems,
        "refusal": report.refusal.as_ref().map(|r| serde_json::json!({"kind": r, "message": r.to_string()})),
    })
}

fn check_text(report: &LoadReport, as_of: NaiveDate) -> String {
    if let Some(refusal) = &report.refusal {
        return format!("REFUSED: {refusal}\nNothing was loaded.\n");
    }
    let mut out = format!(
        "Loaded {} records as of {as_of}; {} rows left out; {} warnings; {} blank rows skipped.\n",
        report.records.len(),
        report.rejected,
        report.warnings(),
        report.blank_rows_skipped
    );
    for severity in [scrutiny_core::report::Severity::RowError, scrutiny_core::report::Severity::Warning] {
        let found: Vec<_> = report.problems.iter().filter(|p| p.severity == severity).collect();
        if found.is_empty() {
            continue;
        }
        let heading =
            if severity == scrutiny_core::report::Severity::RowError { "Row errors (rows left out)" } else { "Warnings (rows kept)" };
        out.push_str(&format!("\n{heading}:\n"));
        for p in found {
            let column = p.column.as_deref().map(|c| format!(", column {c}")).unwrap_or_default();
            out.push_str(&format!("  {}{column}: {}\n", p.location, p.message));
        }
    }
    out
}

fn summary(options: &Options) -> Result<ExitCode, String> {
    let (report, meta) = load(options)?;
    if let Some(refusal) = &report.refusal {
        eprintln!("REFUSED: {refusal}");
        return Ok(ExitCode::from(2));
    }
    let release = scrutiny_core::Release::new(&report.records, meta.clone());
    let aggregates = release.aggregates(&options.filter);
    let kept = release.commitments();
    let figures = release.figures(&options.filter);
    if options.json {
        let counts = if options.disclosed { Counts::Disclosed { min_cell_count: meta.min_cell_count } } else { Counts::Raw };
        let mut body = summary_json(&aggregates, meta.as_of, counts, serde_json::to_value(kept).map_err(|e| e.to_string())?);
        if options.disclosed {
            // The dashboard's own disclosed figures (for the same filter), for checking the page.
            body["figures"] = serde_json::to_value(&figures).map_err(|e| e.to_string())?;
        }
        println!("{}", serde_json::to_string_pretty(&body).map_err(|e| e.to_string())?);
    } else {
        println!("{} records as of {} ({} left out).", figures.records, meta.as_of, report.rejected);
        println!("Selection: {}.", scrutiny_core::view::describe_filter(&options.filter));
        // Each chart card's summary, in the page's order.
        for card in scrutiny_core::cards::CardId::ALL {
            println!("- {}", (card.card().summary)(&figures));
        }
        for c in kept {
            println!("- Commitment \"{}\": {} ({})", c.title, c.status.label().to_uppercase(), c.evidence);
        }
    }
    Ok(exit_code(&report))
}

fn write_sample(options: &Options) -> Result<ExitCode, String> {
    let dir = one_file(options)?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let seed = options.seed.unwrap_or(sample::DEMO_SEED);
    let (mut cases, mut meta) = match options.records {
        Some(n) => (sample::dense_cases(n, seed), sample::demo_metadata()),
        None => (sample::demo_cases(seed), sample::demo_metadata()),
    };
    if let Some(date) = options.as_of {
        cases = sample::known_on(&cases, date);
        meta.as_of = date;
        meta.release = format!("demo-{}", date.format("%Y-%m"));
    }
    let (name, body) = if options.json {
        ("cases.json", export::to_json(&cases))
    } else {
        ("cases.csv", export::to_csv(&cases).map_err(|e| e.to_string())?)
    };
    meta.cases_file = name.to_string();
    let meta = serde_json::to_string_pretty(&meta).map_err(|e| e.to_string())? + "\n";
    for (name, text) in [(name, body), ("dataset.json", meta)] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn publish_release(options: &Options) -> Result<ExitCode, String> {
    let cases = one_file(options)?;
    let missing = |what: &str| format!("publish needs {what}\n\n{}", usage());
    let request = publish::Request {
        cases: &cases,
        metadata: options.metadata.as_deref().ok_or_else(|| missing("--metadata DATASET_JSON"))?,
        release: options.release.as_deref().ok_or_else(|| missing("--release ID"))?,
        out: options.out.as_deref().ok_or_else(|| missing("--out DATA_DIR"))?,
    };
    match publish::run(&request)? {
        publish::Outcome::Published(report) => {
            if options.json {
                let body = serde_json::json!({"published": true, "report": report});
                println!("{}", serde_json::to_string_pretty(&body).map_err(|e| e.to_string())?);
            } else {
                print!("{}", publish::report_text(&report, request.out));
            }
            Ok(ExitCode::SUCCESS)
        }
        publish::Outcome::NotPublished { check, reason } => {
            if options.json {
                let check = check.map(|r| check_json(&r, input::today()));
                let body = serde_json::json!({"published": false, "reason": reason, "check": check});
                println!("{}", serde_json::to_string_pretty(&body).map_err(|e| e.to_string())?);
            } else {
                if let Some(report) = &check {
                    print!("{}", check_text(report, input::today()));
                }
                eprintln!("scrutiny: not published: {reason}");
            }
            Ok(ExitCode::from(1))
        }
    }
}
