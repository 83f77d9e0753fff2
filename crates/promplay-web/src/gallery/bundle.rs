//! The kube-prometheus bundle: upstream's `manifests/` folder as one text
//! file, written into the build by `scripts/trunk-post-build` (never kept in
//! the repository) and fetched by the gallery card when it is clicked.
//!
//! The format is line-based, so splitting it is plain string work (no
//! engine code on the page). Lines starting with `#@` are the bundle's own:
//!
//! ```text
//! #@promplay-bundle kube-prometheus
//! #@repository https://github.com/prometheus-operator/kube-prometheus
//! #@commit 4d719f1dea8853540b3823ab1fbe6be74a9953b3
//! #@files 85
//! #@promplay-file manifests/alertmanager-alertmanager.yaml
//! apiVersion: monitoring.coreos.com/v1
//! …
//! #@promplay-file manifests/setup/namespace.yaml
//! …
//! #@promplay-license LICENSE
//! Apache License …
//! ```
//!
//! The header (every line before the first `#@promplay-file`) is also
//! written alone, with a `#@bytes` line giving the bundle's size, as
//! `kube-prometheus.about.txt`: the card reads that small file to say which
//! commit the build carries before anyone asks for the 1.3 MB. A separator
//! is a whole line starting with `#@promplay-`, which no manifest has (the
//! build refuses a file that does). Every file's text ends at the newline
//! before the next separator.

/// The bundle's first line.
pub const MAGIC: &str = "#@promplay-bundle kube-prometheus";
/// The line before each file, followed by its path.
const FILE: &str = "#@promplay-file ";
/// The line before the upstream license.
const LICENSE: &str = "#@promplay-license ";
/// Where the build puts the bundle, relative to the page (the site may be
/// served under a sub-path, so never from `/`).
pub const BUNDLE_URL: &str = "public/examples/kube-prometheus.txt";
/// Its header alone, with the bundle's size.
pub const ABOUT_URL: &str = "public/examples/kube-prometheus.about.txt";

/// Where a bundle came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The upstream repository's address.
    pub repository: String,
    /// The upstream commit (`unknown` when the build could not tell).
    pub commit: String,
    /// How many files the bundle holds.
    pub files: usize,
    /// The bundle's size in bytes (only in the about file).
    pub bytes: Option<u64>,
}

impl Header {
    /// The commit as people quote it: its first seven characters.
    pub fn short_commit(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }
}

/// A whole bundle, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    /// Its provenance.
    pub header: Header,
    /// `(name, text)` of each manifest, in the bundle's order; names are
    /// relative to `manifests/` (as a checkout's folder gives them).
    pub files: Vec<(String, String)>,
    /// The upstream license text, if the bundle carries it.
    pub license: Option<String>,
}

/// Why a text is not a usable bundle: the 1-based line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleError {
    /// The line the problem is on.
    pub line: usize,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl BundleError {
    /// Whether the text is no bundle at all (a server's "not found" page, or
    /// the site's own page a service worker answers an unknown path with).
    pub fn not_a_bundle(&self) -> bool {
        self.line == 1
    }
}

fn error(line: usize, message: impl Into<String>) -> BundleError {
    BundleError { line, message: message.into() }
}

/// Reads the header: the lines up to the first file (or the end, for the
/// about file).
pub fn parse_header(text: &str) -> Result<Header, BundleError> {
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    if lines.next() != Some(MAGIC) {
        return Err(error(1, format!("not a kube-prometheus bundle (expected `{MAGIC}`)")));
    }
    let (mut repository, mut commit, mut files, mut bytes) = (None, None, None, None);
    for (i, line) in lines.enumerate() {
        let at = i + 2;
        if line.starts_with(FILE) || line.starts_with(LICENSE) {
            break;
        }
        let Some(rest) = line.strip_prefix("#@") else {
            if line.is_empty() {
                continue;
            }
            return Err(error(at, "expected a `#@key value` header line"));
        };
        let (key, value) = rest.split_once(' ').unwrap_or((rest, ""));
        match key {
            "repository" => repository = Some(value.to_owned()),
            "commit" => commit = Some(value.to_owned()),
            "files" => {
                files = Some(value.parse::<usize>().map_err(|_| {
                    error(at, format!("`#@files` needs a number of files, found `{value}`"))
                })?);
            }
            "bytes" => bytes = value.parse::<u64>().ok(),
            // Keys a newer build may add are skipped.
            _ => {}
        }
    }
    let missing = |key: &str| error(2, format!("the header has no `#@{key}` line"));
    Ok(Header {
        repository: repository.ok_or_else(|| missing("repository"))?,
        commit: commit.ok_or_else(|| missing("commit"))?,
        files: files.ok_or_else(|| missing("files"))?,
        bytes,
    })
}

/// Splits a bundle into its files, checking that it holds as many as its
/// header says (a cut-off download is refused, not opened half).
pub fn split(text: &str) -> Result<Bundle, BundleError> {
    let header = parse_header(text)?;
    let mut files: Vec<(String, String)> = Vec::with_capacity(header.files);
    let mut license = None;
    // What the current section is, and where its text starts.
    enum Section {
        Header,
        File(String),
        License,
    }
    let mut section = Section::Header;
    let mut start = 0;
    let mut line_no = 0;
    let mut pos = 0;
    let finish = |section: &Section,
                  body: &str,
                  files: &mut Vec<(String, String)>,
                  license: &mut Option<String>| match section {
        Section::Header => {}
        Section::File(name) => files.push((name.clone(), body.to_owned())),
        Section::License => *license = Some(body.to_owned()),
    };
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..end];
        let line = line.strip_suffix('\r').unwrap_or(line);
        line_no += 1;
        let next = if let Some(path) = line.strip_prefix(FILE) {
            let name = path.strip_prefix("manifests/").unwrap_or(path);
            if name.is_empty() {
                return Err(error(line_no, "a file separator without a file name"));
            }
            Some(Section::File(name.to_owned()))
        } else if line.starts_with(LICENSE) {
            Some(Section::License)
        } else if line.starts_with("#@promplay-") && line_no > 1 {
            return Err(error(line_no, format!("unknown separator `{line}`")));
        } else {
            None
        };
        if let Some(next) = next {
            finish(&section, &text[start..pos], &mut files, &mut license);
            section = next;
            start = (end + 1).min(text.len());
        }
        pos = end + 1;
    }
    finish(&section, &text[start.min(text.len())..], &mut files, &mut license);
    if files.len() != header.files {
        return Err(error(
            line_no,
            format!(
                "the header says {} files but the bundle holds {} (a cut-off download?)",
                header.files,
                files.len()
            ),
        ));
    }
    Ok(Bundle { header, files, license })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUNDLE: &str = "#@promplay-bundle kube-prometheus
#@repository https://github.com/prometheus-operator/kube-prometheus
#@commit 4d719f1dea8853540b3823ab1fbe6be74a9953b3
#@files 3
#@promplay-file manifests/a.yaml
apiVersion: v1
kind: Service
# a comment, and a line starting with `#@` that is not a separator:
#@not-ours
#@promplay-file manifests/setup/namespace.yaml
kind: Namespace
#@promplay-file manifests/empty.yaml
#@promplay-license LICENSE
Apache License
";

    #[test]
    fn splits_files_in_order_with_exact_texts() {
        let b = split(BUNDLE).unwrap();
        assert_eq!(b.header.commit, "4d719f1dea8853540b3823ab1fbe6be74a9953b3");
        assert_eq!(b.header.short_commit(), "4d719f1");
        assert_eq!(b.header.files, 3);
        assert_eq!(b.header.bytes, None);
        let names: Vec<&str> = b.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.yaml", "setup/namespace.yaml", "empty.yaml"]);
        assert_eq!(
            b.files[0].1,
            "apiVersion: v1\nkind: Service\n# a comment, and a line starting with `#@` that is not a separator:\n#@not-ours\n"
        );
        assert_eq!(b.files[1].1, "kind: Namespace\n");
        assert_eq!(b.files[2].1, "");
        assert_eq!(b.license.as_deref(), Some("Apache License\n"));
    }

    #[test]
    fn crlf_line_ends_and_no_license() {
        let text = BUNDLE.replace('\n', "\r\n");
        let text = &text[..text.find("#@promplay-license").unwrap()];
        let b = split(text).unwrap();
        assert_eq!(
            b.files[1],
            ("setup/namespace.yaml".to_owned(), "kind: Namespace\r\n".to_owned())
        );
        assert_eq!(b.license, None);
    }

    #[test]
    fn the_about_file_is_the_header_with_a_size() {
        let about = "#@promplay-bundle kube-prometheus\n#@repository r\n#@commit abc\n#@files 85\n#@bytes 1320000\n#@later-key x\n";
        let h = parse_header(about).unwrap();
        assert_eq!(
            h,
            Header {
                repository: "r".into(),
                commit: "abc".into(),
                files: 85,
                bytes: Some(1_320_000)
            }
        );
        assert_eq!(h.short_commit(), "abc");
    }

    #[test]
    fn a_page_is_not_a_bundle() {
        let e = split("<!DOCTYPE html>\n<html>…").unwrap_err();
        assert!(e.not_a_bundle(), "{e}");
        assert!(e.to_string().starts_with("line 1: not a kube-prometheus bundle"), "{e}");
        assert!(split("").unwrap_err().not_a_bundle());
    }

    #[test]
    fn a_cut_off_download_is_refused() {
        let cut = &BUNDLE[..BUNDLE.find("#@promplay-file manifests/empty").unwrap()];
        let e = split(cut).unwrap_err();
        assert!(!e.not_a_bundle());
        assert!(e.message.contains("says 3 files but the bundle holds 2"), "{e}");
    }

    #[test]
    fn broken_headers_are_positioned() {
        let e =
            split("#@promplay-bundle kube-prometheus\n#@repository r\n#@commit c\n#@files many\n")
                .unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("found `many`"), "{e}");
        let e =
            split("#@promplay-bundle kube-prometheus\n#@repository r\n#@files 1\n").unwrap_err();
        assert!(e.message.contains("no `#@commit`"), "{e}");
        let e = split("#@promplay-bundle kube-prometheus\nkind: Service\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = split(
            "#@promplay-bundle kube-prometheus\n#@repository r\n#@commit c\n#@files 1\n#@promplay-file manifests/a.yaml\n#@promplay-oops\n",
        )
        .unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (6, "unknown separator `#@promplay-oops`"));
    }
}
