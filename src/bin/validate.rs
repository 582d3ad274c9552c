//! Checks a shop-assistant configuration offline, with the same code the browser runs.
//!
//! ```text
//! npm run validate -- path/to/assistant.json [--catalogue path/to/catalogue.json] [--root site/]
//! ```
//!
//! Prints every error and warning with its JSON path, then walks every answer path of every
//! flow and lists the products each path ends on (`--summary` leaves the list out), the
//! in-stock products no path recommends, and messages whose conditions can never hold. A catalogue named by URL is read as the browser reads it, unless `--catalogue` names the
//! file: a path from the site root (`"/shop/catalogue.json"`) from `--root` (by default the
//! config's folder), a relative one (`"catalogue.json"`) from the config's folder, with a
//! warning that an inline config would read it from each page's folder instead.
//! `--json` prints one JSON object instead, `{"errors": [...], "warnings": [...]}`, each
//! problem `{"file", "path", "message"}`.
//! Exits 1 when there are errors, 0 otherwise (warnings included).

use shop_assistant::core::config::Config;
use shop_assistant::core::decode::Problem;
use shop_assistant::core::json::{stringify, Value};
use shop_assistant::core::lint::lint_deep;
use shop_assistant::core::report::report;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

struct Args {
    config: PathBuf,
    catalogue: Option<PathBuf>,
    root: Option<PathBuf>,
    summary: bool,
    json: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut config = None;
    let mut catalogue = None;
    let mut root = None;
    let mut summary = false;
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--catalogue" => {
                catalogue = Some(args.next().ok_or("--catalogue needs a file")?.into())
            }
            "--root" => root = Some(args.next().ok_or("--root needs a folder")?.into()),
            "--summary" => summary = true,
            "--json" => json = true,
            "-h" | "--help" => return Err(String::new()),
            _ if a.starts_with('-') => return Err(format!("unknown option {a}")),
            _ if config.is_none() => config = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a}")),
        }
    }
    Ok(Args {
        config: config.ok_or("name the config file")?,
        catalogue,
        root,
        summary,
        json,
    })
}

/// A URL that is neither absolute nor from the site root (`catalogue.json`, `../c.json`).
fn relative_path(url: &str) -> bool {
    !(url.starts_with('/') || url.starts_with("http:") || url.starts_with("https:"))
}

/// Where the findings go: lines of text, or with `--json` one JSON object at the end,
/// `{"errors": [{"file", "path", "message"}], "warnings": [...]}`, for scripts and tests.
struct Out {
    json: bool,
    errors: Vec<Value>,
    warnings: Vec<Value>,
}

impl Out {
    fn problems(&mut self, kind: &str, file: &Path, problems: &[Problem]) {
        for p in problems {
            if !self.json {
                println!("{kind}: {}: {p}", file.display());
                continue;
            }
            let entry = Value::Object(vec![
                ("file".into(), Value::String(file.display().to_string())),
                ("path".into(), Value::String(p.path.clone())),
                ("message".into(), Value::String(p.message.clone())),
            ]);
            if kind == "error" {
                self.errors.push(entry);
            } else {
                self.warnings.push(entry);
            }
        }
    }

    fn error(&mut self, file: &Path, message: String) {
        self.problems(
            "error",
            file,
            &[Problem {
                path: String::new(),
                message,
            }],
        );
    }

    fn line(&self, text: String) {
        if !self.json {
            println!("{text}");
        }
    }

    fn finish(self, code: ExitCode) -> ExitCode {
        if self.json {
            println!(
                "{}",
                stringify(&Value::Object(vec![
                    ("errors".into(), Value::Array(self.errors)),
                    ("warnings".into(), Value::Array(self.warnings)),
                ]))
            );
        }
        code
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("validate: {e}");
            }
            eprintln!("usage: npm run validate -- CONFIG.json [--catalogue FILE] [--root FOLDER] [--summary] [--json]");
            return ExitCode::from(2);
        }
    };
    let mut out = Out {
        json: args.json,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let text = match std::fs::read_to_string(&args.config) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("validate: cannot read {}: {e}", args.config.display());
            return ExitCode::from(2);
        }
    };
    let mut config = match Config::parse(&text) {
        Ok(c) => c,
        Err(errors) => {
            out.problems("error", &args.config, &errors);
            out.line(format!(
                "{} error(s); the assistant would not start with this config",
                errors.len()
            ));
            return out.finish(ExitCode::FAILURE);
        }
    };
    if let Some(url) = config.catalogue_url.clone() {
        let file = match (
            &args.catalogue,
            url.starts_with("http:") || url.starts_with("https:") || url.starts_with("//"),
        ) {
            (Some(f), _) => f.clone(),
            (None, true) => {
                out.error(
                    &args.config,
                    format!("catalogue: {url} is on another site; pass the file with --catalogue"),
                );
                return out.finish(ExitCode::FAILURE);
            }
            (None, false) => {
                // As the browser resolves it: a path from the site root ("/shop/catalogue.json")
                // against --root, a relative one ("catalogue.json") against the config file's
                // own folder, which is what the loader resolves it against.
                let folder = args
                    .config
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let path = url.split(['?', '#']).next().unwrap_or("");
                match path.strip_prefix('/') {
                    Some(from_root) => args.root.clone().unwrap_or(folder).join(from_root),
                    None => folder.join(path),
                }
            }
        };
        let loaded = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()));
        match loaded.map(|t| config.attach_catalogue(&t)) {
            Ok(Ok(())) => {}
            Ok(Err(errors)) => {
                out.problems("error", &file, &errors);
                out.line(format!("{} error(s) in the catalogue", errors.len()));
                return out.finish(ExitCode::FAILURE);
            }
            Err(e) => {
                out.error(
                    &args.config,
                    format!("catalogue: {e} (use --catalogue or --root)"),
                );
                return out.finish(ExitCode::FAILURE);
            }
        }
    }
    let mut warnings = lint_deep(&config);
    if let Some(url) = config.catalogue_url.as_deref().filter(|u| relative_path(u)) {
        warnings.push(Problem {
            path: "catalogue".into(),
            message: format!(
                "\"{url}\" is relative: the assistant reads it from the config file's folder, \
                 but in a config written into the page (<script type=\"application/json\">) from \
                 each page's own folder; start it with / to be the same everywhere"
            ),
        });
    }
    let walked = report(&config);
    for flow in &walked.flows {
        let exact = flow.paths.iter().filter(|p| p.exact).count();
        out.line(format!(
            "flow {}: {}{} answer path(s), {exact} ending on products that fit every answer",
            flow.flow,
            if flow.truncated { "more than " } else { "" },
            flow.paths.len()
        ));
        if args.summary || args.json {
            continue;
        }
        for p in &flow.paths {
            let products = if p.products.is_empty() {
                "nothing in stock".to_string()
            } else {
                p.products.join(", ")
            };
            let closest = if p.exact || p.products.is_empty() {
                ""
            } else {
                "closest: "
            };
            out.line(format!("  {}  ->  {closest}{products}", p.answers));
        }
    }
    warnings.extend(walked.warnings);
    out.problems("warning", &args.config, &warnings);
    let questions: usize = config.flows.iter().map(|f| f.questions.len()).sum();
    out.line(format!(
        "0 errors, {} warning(s): {} flow(s), {questions} question(s), {} product(s) ({} in stock)",
        warnings.len(),
        config.flows.len(),
        config.catalogue.products().len(),
        config
            .catalogue
            .products()
            .iter()
            .filter(|p| p.in_stock)
            .count()
    ));
    out.finish(ExitCode::SUCCESS)
}
