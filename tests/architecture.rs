//! The layers of ARCHITECTURE.md hold: the data walks one way. This reads the sources, keeps
//! the `crate::` (and `super::`) paths of the code outside `#[cfg(test)]` items, and fails on
//! any import cycle among the top-level modules of `src/`, or among the files of any one
//! folder (`grid/` first: `extract` calls the layout readers, which never call back). A test
//! module may reach anywhere, so it does not count. It also keeps every source file under
//! 800 lines, so that a file holds one idea.
//!
//! The reading is deliberately simple (a small lexer, no parser): comments and the contents
//! of string and char literals are blanked first, so that a path in a doc comment or in a
//! message is never taken for an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The most lines a source file may have.
const MAX_LINES: usize = 800;

/// One source file: its path relative to `src/` (with `/`) and its text.
struct Source {
    path: String,
    text: String,
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<Source>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap();
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(Source {
                    path: rel.join("/"),
                    text: std::fs::read_to_string(&path).unwrap(),
                });
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    assert!(out.len() > 20, "the sources were not found under {root:?}");
    out
}

/// The text with comments removed and string and char literals emptied (`""`, `' '`);
/// lifetimes and everything else kept. Newlines are kept so that lines still count.
fn blank_literals(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let is_ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
            out.push(' ');
        } else if ch == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                } else if c[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if is_ident(ch) {
            let start = i;
            while i < c.len() && is_ident(c[i]) {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let hashes = c[i..].iter().take_while(|ch| **ch == '#').count();
            let raw = matches!(word.as_str(), "r" | "br" | "cr") && c.get(i + hashes) == Some(&'"');
            if raw {
                i += hashes + 1; // the hashes and the opening quote
                loop {
                    if i >= c.len() {
                        break;
                    }
                    if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                        i += 1 + hashes;
                        break;
                    }
                    if c[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
                out.push_str("\"\"");
            } else {
                out.push_str(&word);
            }
        } else if ch == '\'' {
            // A char literal ('a', '\n', '\u{2019}') or a lifetime ('a, 'static).
            if next == Some('\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else {
                out.push(ch);
                i += 1;
            }
        } else {
            out.push(ch);
            i += 1;
        }
    }
    out
}

/// The code without the items under `#[cfg(test)]` (a test module, a test helper): from the
/// attribute to the `;` or the closing brace that ends the item. Expects blanked literals.
fn without_test_items(code: &str) -> String {
    const ATTR: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find(ATTR) {
        out.push_str(&rest[..at]);
        let item = &rest[at + ATTR.len()..];
        let mut depth = 0i32;
        let mut end = item.len();
        for (i, ch) in item.char_indices() {
            match ch {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => {
                    // The end of what holds the item (a struct field, a last argument).
                    end = i;
                    break;
                }
                ')' | ']' => depth -= 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' | ',' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        // Keep the line count of what is dropped.
        out.extend(item[..end].chars().filter(|c| *c == '\n'));
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The modules a file declares as test-only in a file of their own (`#[cfg(test)] mod
/// tests;`), as module paths: those files are test code from their first line.
fn test_files(code: &str, module: &[String]) -> Vec<Vec<String>> {
    const ATTR: &str = "#[cfg(test)]";
    let mut out = Vec::new();
    for (at, _) in code.match_indices(ATTR) {
        let t = tokens(&code[at + ATTR.len()..]);
        let mut i = 0;
        // Other attributes, then the visibility.
        while t.get(i).is_some_and(|w| w == "#") {
            while t.get(i).is_some_and(|w| w != "]") {
                i += 1;
            }
            i += 1;
        }
        if t.get(i).is_some_and(|w| w == "pub") {
            i += 1;
            if t.get(i).is_some_and(|w| w == "(") {
                while t.get(i).is_some_and(|w| w != ")") {
                    i += 1;
                }
                i += 1;
            }
        }
        if let (Some("mod"), Some(name), Some(";")) = (
            t.get(i).map(String::as_str),
            t.get(i + 1),
            t.get(i + 2).map(String::as_str),
        ) {
            let mut path = module.to_vec();
            path.push(name.clone());
            out.push(path);
        }
    }
    out
}

/// The module path of a file (`grid/scan.rs` → `grid::scan`, `grid/mod.rs` → `grid`); the
/// crate roots are the empty path.
fn module_of(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
    let file = parts.pop().unwrap();
    let stem = file.trim_end_matches(".rs");
    let root = parts.is_empty() && matches!(stem, "lib" | "main");
    if stem != "mod" && !root {
        parts.push(stem.to_string());
    }
    parts
}

/// Splits code into identifiers and single punctuation characters (`::` as one token).
fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch.is_alphanumeric() || ch == '_' {
            let mut word = ch.to_string();
            while let Some(&n) = chars.peek() {
                if n.is_alphanumeric() || n == '_' {
                    word.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(word);
        } else if ch == ':' && chars.peek() == Some(&':') {
            chars.next();
            out.push("::".into());
        } else if !ch.is_whitespace() {
            out.push(ch.to_string());
        }
    }
    out
}

/// Every path the code names that starts with `crate`, `super` or `self`, resolved to an
/// absolute module path (from `module`, the file's own module). A `use` group is expanded
/// into one path per branch, kept to its first segment inside the group (enough to know
/// which module it reaches).
fn paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let t = tokens(code);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let word = t[i].as_str();
        let starts = matches!(word, "crate" | "super" | "self")
            && t.get(i + 1).is_some_and(|n| n == "::")
            && (i == 0 || t[i - 1] != "::");
        if !starts {
            i += 1;
            continue;
        }
        let mut base: Vec<String> = match word {
            "crate" => Vec::new(),
            "self" => module.to_vec(),
            _ => module[..module.len().saturating_sub(1)].to_vec(),
        };
        i += 2;
        // `super::super::…`
        while t.get(i).is_some_and(|w| w == "super") && t.get(i + 1).is_some_and(|n| n == "::") {
            base.pop();
            i += 2;
        }
        // Plain segments, until a group or the end of the path.
        let mut after_colons = true;
        while let Some(w) = t.get(i) {
            if w.chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                base.push(w.clone());
                if t.get(i + 1).is_some_and(|n| n == "::") {
                    i += 2;
                    continue;
                }
                i += 1;
                after_colons = false;
            }
            break;
        }
        if after_colons && t.get(i).is_some_and(|w| w == "{") {
            // The first segment of each branch of the group.
            let mut depth = 0;
            let mut expect = true;
            while let Some(w) = t.get(i) {
                match w.as_str() {
                    "{" => {
                        depth += 1;
                        expect = depth == 1;
                    }
                    "}" => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    "," if depth == 1 => expect = true,
                    w if expect && depth == 1 => {
                        expect = false;
                        let mut p = base.clone();
                        if w != "self" {
                            p.push(w.to_string());
                        }
                        out.push(p);
                    }
                    _ => {}
                }
                i += 1;
            }
        } else {
            out.push(base);
        }
    }
    out
}

/// What a module's `pub use child::…;` lines re-export: exported name → child module. So
/// that `crate::Lang` counts as reaching `lang`, and `super::Found` as reaching `scan` if a
/// `mod.rs` ever re-exports it.
fn reexports(code: &str) -> BTreeMap<String, String> {
    let t = tokens(code);
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < t.len() {
        if t[i] != "use" || i == 0 || !(t[i - 1] == "pub" || t[i - 1] == ")") {
            i += 1;
            continue;
        }
        let Some(child) = t.get(i + 1).cloned() else {
            break;
        };
        let mut j = i + 2;
        while let Some(w) = t.get(j) {
            if w == ";" {
                break;
            }
            let is_word = w
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let next = t.get(j + 1).map(String::as_str);
            if is_word && w != "as" && w != "self" && next != Some("::") && next != Some("as") {
                out.insert(w.clone(), child.clone());
            }
            j += 1;
        }
        i = j;
    }
    out
}

/// Module → module edges among the children of the module `parent` (the top-level modules
/// when it is empty, the files and sub-folders of a folder otherwise), each with the file
/// and the path that make it. The parent's own `mod.rs` (or `lib.rs`) only declares and
/// re-exports its children, so it is no node.
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn graph(files: &[Source], parent: &[String]) -> Graph {
    let blanked: Vec<(&Source, Vec<String>, String)> = files
        .iter()
        .map(|s| (s, module_of(&s.path), blank_literals(&s.text)))
        .collect();
    let tests: Vec<Vec<String>> = blanked
        .iter()
        .flat_map(|(_, module, code)| test_files(code, module))
        .collect();
    let prepared: Vec<(&Source, Vec<String>, String)> = blanked
        .into_iter()
        .filter(|(_, module, _)| !tests.iter().any(|t| module.starts_with(t)))
        .map(|(s, module, code)| (s, module, without_test_items(&code)))
        .collect();
    // The children of `parent`: the next segment of every module strictly under it.
    let children: BTreeSet<String> = prepared
        .iter()
        .filter(|(s, m, _)| m.len() > parent.len() && m.starts_with(parent) && s.path != "main.rs")
        .map(|(_, m, _)| m[parent.len()].clone())
        .collect();
    let exported: BTreeMap<String, String> = prepared
        .iter()
        .filter(|(s, m, _)| m.as_slice() == parent && s.path != "main.rs")
        .flat_map(|(_, _, code)| reexports(code))
        .filter(|(_, child)| children.contains(child))
        .collect();
    let mut g = Graph::new();
    for (source, module, code) in &prepared {
        if module.len() <= parent.len() || !module.starts_with(parent) || source.path == "main.rs" {
            continue;
        }
        let from = &module[parent.len()];
        g.entry(from.clone()).or_default();
        // The binary's modules (`cli/`) reach the library as `grille::`: their `crate::` is
        // the binary's own root.
        if source.path.starts_with("cli/") && parent.is_empty() {
            continue;
        }
        for path in paths(code, module) {
            if path.len() <= parent.len() || !path.starts_with(parent) {
                continue;
            }
            let name = &path[parent.len()];
            let to = if children.contains(name) {
                name
            } else if let Some(child) = exported.get(name) {
                child
            } else {
                continue;
            };
            if to != from {
                g.entry(from.clone())
                    .or_default()
                    .entry(to.clone())
                    .or_default()
                    .insert(format!("{}: {}", source.path, path.join("::")));
            }
        }
    }
    g
}

/// The edges that lie on a cycle, as readable lines (empty when there is none).
fn cycles(g: &Graph) -> Vec<String> {
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            for to in g.get(&m).into_iter().flat_map(|e| e.keys()) {
                if seen.insert(to.clone()) {
                    stack.push(to.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> = g.keys().map(|m| (m, reach(m))).collect();
    let mut out = Vec::new();
    for (from, edges) in g {
        for (to, whys) in edges {
            // An edge is on a cycle when its end reaches back to its start.
            if reaches.get(to).is_some_and(|r| r.contains(from)) {
                let why: Vec<&str> = whys.iter().map(String::as_str).take(3).collect();
                out.push(format!("{from} -> {to} ({})", why.join("; ")));
            }
        }
    }
    out
}

/// Every module that has children (folders), as module paths; the crate root first.
fn folders(files: &[Source]) -> BTreeSet<Vec<String>> {
    files
        .iter()
        .filter(|s| s.path.contains('/'))
        .map(|s| {
            let mut dir: Vec<String> = s.path.split('/').map(str::to_string).collect();
            dir.pop();
            dir
        })
        .chain(std::iter::once(Vec::new()))
        .collect()
}

#[test]
fn no_cycle_among_the_top_level_modules() {
    let files = sources();
    let g = graph(&files, &[]);
    for m in [
        "grid",
        "rules",
        "report",
        "check",
        "fix",
        "batch",
        "xlsx",
        "referential",
    ] {
        assert!(g.contains_key(m), "no module {m} in {:?}", g.keys());
    }
    let found = cycles(&g);
    assert!(
        found.is_empty(),
        "import cycles among the top-level modules of src/ (ARCHITECTURE.md: layers only \
         look down):\n{}",
        found.join("\n")
    );
}

#[test]
fn no_cycle_among_the_files_of_a_folder() {
    let files = sources();
    let grid = graph(&files, &["grid".to_string()]);
    for m in ["extract", "scan", "columns", "list", "transposed"] {
        assert!(grid.contains_key(m), "no grid/{m}.rs in {:?}", grid.keys());
    }
    let mut found = Vec::new();
    for folder in folders(&files).into_iter().filter(|f| !f.is_empty()) {
        for line in cycles(&graph(&files, &folder)) {
            found.push(format!("{}/: {line}", folder.join("/")));
        }
    }
    assert!(
        found.is_empty(),
        "import cycles among the files of a folder:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_source_file_over_800_lines() {
    let long: Vec<String> = sources()
        .iter()
        .map(|s| (s.text.lines().count(), &s.path))
        .filter(|(n, _)| *n > MAX_LINES)
        .map(|(n, p)| format!("src/{p}: {n} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by responsibility):\n{}",
        long.join("\n")
    );
}

// The reading itself, on made-up sources: each check must be able to fail.

fn made_up(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(path, text)| Source {
            path: path.to_string(),
            text: text.to_string(),
        })
        .collect()
}

#[test]
fn a_cycle_through_a_use_group_and_a_reexport_is_found() {
    let files = made_up(&[
        (
            "lib.rs",
            "pub mod a;\npub mod b;\npub mod c;\npub use c::Lang;\n",
        ),
        ("a/mod.rs", "use crate::{b::X, model};\n"),
        ("b/mod.rs", "pub fn f(l: crate::Lang) {}\n"),
        ("c.rs", "use crate::a::Y;\n"),
    ]);
    let found = cycles(&graph(&files, &[]));
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("a -> b (a/mod.rs: b)"), "{found:?}");
    assert!(found[1].starts_with("b -> c (b/mod.rs: Lang"), "{found:?}");
}

#[test]
fn files_of_a_folder_reach_each_other_through_super() {
    let files = made_up(&[
        ("g/mod.rs", "mod x;\nmod y;\npub use x::run;\n"),
        ("g/x.rs", "use super::y::Scan;\n"),
        ("g/y.rs", "fn f() { super::run() }\n"),
    ]);
    let found = cycles(&graph(&files, &["g".to_string()]));
    assert_eq!(found.len(), 2, "{found:?}");
    // Without the call back, the data walks one way.
    let files = made_up(&[
        ("g/mod.rs", "mod x;\nmod y;\npub use x::run;\n"),
        ("g/x.rs", "use super::y::Scan;\n"),
        ("g/y.rs", "fn f() { super::Grid::new() }\n"),
    ]);
    assert!(cycles(&graph(&files, &["g".to_string()])).is_empty());
}

#[test]
fn tests_comments_and_strings_do_not_count() {
    let files = made_up(&[
        ("a.rs", "use crate::b;\n"),
        (
            "b.rs",
            "//! See [`crate::a`].\n\
             const URL: &str = \"file:///crate::a\"; // crate::a\n\
             const RAW: &str = r#\"crate::a \" {\"#;\n\
             const C: char = '{';\n\
             fn f<'a>(x: &'a str) {}\n\
             fn h() { if crate::N { a } }\n\
             /* crate::a */\n\
             #[cfg(test)]\n\
             pub(crate) mod testing;\n\
             #[cfg(test)]\n\
             mod tests { use crate::a; fn g() { let _ = '}'; } }\n",
        ),
        // A test module in a file of its own.
        ("b/testing.rs", "use crate::a;\n"),
    ]);
    let g = graph(&files, &[]);
    assert!(cycles(&g).is_empty(), "{g:?}");
    assert_eq!(g["a"].keys().collect::<Vec<_>>(), ["b"]);
    assert!(g["b"].is_empty(), "{g:?}");
    // The same reference outside a test item does count.
    let files = made_up(&[
        ("a.rs", "use crate::b;\n"),
        ("b.rs", "fn f() { crate::a::g() }\n"),
    ]);
    assert_eq!(cycles(&graph(&files, &[])).len(), 2);
}

#[test]
fn module_paths_of_files() {
    assert_eq!(module_of("lib.rs"), Vec::<String>::new());
    assert_eq!(module_of("check.rs"), ["check"]);
    assert_eq!(module_of("grid/mod.rs"), ["grid"]);
    assert_eq!(module_of("grid/scan.rs"), ["grid", "scan"]);
    assert_eq!(
        module_of("referential/read/html.rs"),
        ["referential", "read", "html"]
    );
}
