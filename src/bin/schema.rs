//! Writes the configuration's JSON Schema (`npm run schema` puts it in
//! `www/assistant.schema.json`), or lists where the schema and the decoders disagree.

use shop_assistant::core::schema;
use std::process::ExitCode;

fn main() -> ExitCode {
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
