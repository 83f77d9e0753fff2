//! Slash-separated path handling as Go's `path/filepath` does it on Unix:
//! `Dir`, `Join` (which cleans), and `Match` for the `rule_files` globs. The
//! runner matches globs against the keys of the file map it is given, so it
//! never touches a file system.

/// Go's `filepath.Dir`: everything before the last `/`, cleaned; `.` when
/// there is none.
pub fn parent_dir(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".into(),
        Some(i) => clean(&path[..i]),
        None => ".".into(),
    }
}

/// Go's `filepath.Join(dir, rel)` (cleaned), or `rel` when it is absolute.
pub fn join_path(dir: &str, rel: &str) -> String {
    if rel.starts_with('/') {
        return rel.to_owned();
    }
    if dir.is_empty() {
        return clean(rel);
    }
    clean(&format!("{dir}/{rel}"))
}

/// Go's `filepath.Clean`: no `.` segments, `..` resolved where possible, no
/// doubled or trailing slashes.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Whether `pattern` has any of Go's glob metacharacters (`*?[\`).
pub fn has_glob_meta(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', '\\'])
}

/// Go's `filepath.Match`: `*` is any run of non-`/` characters, `?` one
/// non-`/` character, `[a-z]`/`[^a-z]` a class, `\` escapes. A malformed
/// pattern matches nothing.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    match_from(&p, &n)
}

fn match_from(p: &[char], n: &[char]) -> bool {
    let Some((&c, rest)) = p.split_first() else { return n.is_empty() };
    match c {
        '*' => {
            for i in 0..=n.len() {
                if match_from(rest, &n[i..]) {
                    return true;
                }
                if i < n.len() && n[i] == '/' {
                    break;
                }
            }
            false
        }
        '?' => matches!(n.first(), Some(&ch) if ch != '/') && match_from(rest, &n[1..]),
        '[' => {
            let Some(&ch) = n.first() else { return false };
            if ch == '/' {
                return false;
            }
            match class(rest, ch) {
                Some((true, after)) => match_from(after, &n[1..]),
                _ => false,
            }
        }
        '\\' => match rest.split_first() {
            Some((&lit, after)) => n.first() == Some(&lit) && match_from(after, &n[1..]),
            None => false,
        },
        lit => n.first() == Some(&lit) && match_from(rest, &n[1..]),
    }
}

/// Matches `ch` against the class that starts after `[`; returns whether it
/// matched and the pattern after `]`, or `None` for a malformed class.
fn class(p: &[char], ch: char) -> Option<(bool, &[char])> {
    let (negated, mut i) = if p.first() == Some(&'^') { (true, 1) } else { (false, 0) };
    let mut matched = false;
    let mut first = true;
    loop {
        let c = *p.get(i)?;
        if c == ']' && !first {
            return Some((matched != negated, &p[i + 1..]));
        }
        first = false;
        let lo = if c == '\\' {
            i += 1;
            *p.get(i)?
        } else {
            c
        };
        i += 1;
        let mut hi = lo;
        if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|&x| x != ']') {
            hi = if p[i + 1] == '\\' {
                i += 1;
                *p.get(i + 1)?
            } else {
                p[i + 1]
            };
            i += 2;
        }
        if lo <= ch && ch <= hi {
            matched = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(parent_dir("testdata/unittest.yml"), "testdata");
        assert_eq!(parent_dir("unittest.yml"), ".");
        assert_eq!(join_path(".", "rules.yml"), "rules.yml");
        assert_eq!(join_path("a/b", "../c.yml"), "a/c.yml");
        assert_eq!(join_path("a", "/abs.yml"), "/abs.yml");
    }

    #[test]
    fn globs() {
        assert!(glob_match("rules/*.yml", "rules/a.yml"));
        assert!(!glob_match("rules/*.yml", "rules/x/a.yml"));
        assert!(glob_match("r?les.yml", "rules.yml"));
        assert!(glob_match("[a-c]x", "bx"));
        assert!(!glob_match("[^a-c]x", "bx"));
        assert!(glob_match("a\\*b", "a*b"));
    }
}
