//! Writes the configuration's JSON Schema (`npm run schema` puts it in
//! `www/assistant.schema.json`), or lists where the schema and the decoders disagree.
//! With `--labels DIR`, writes the widget's translations instead, one file a language
//! (`DIR/ja.json`: `["ja", "閉じる", ...]`), which the loader fetches for the page's language.

use shop_assistant::core::{schema, translations};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, dir] = args.as_slice() {
        if flag == "--labels" {
            return write_labels(dir);
        }
    }
    match schema::generate() {
        Ok(value) => {
            print!("{}", schema::pretty(&value));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in errors {
                eprintln!("schema: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

fn write_labels(dir: &str) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("schema: {dir}: {e}");
        return ExitCode::FAILURE;
    }
    for (key, _) in translations::TRANSLATIONS {
        let text = translations::translation_file(key).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(format!("{dir}/{key}.json"), text) {
            eprintln!("schema: {dir}/{key}.json: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
