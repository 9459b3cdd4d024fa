//! Repository tasks, run as `cargo xtask <task>` (an alias in `.cargo/config.toml`).
//!
//! - `size [--json] [SET...]`: the flash-size report. Links the firmware image in
//!   `xtask/firmware` for `thumbv7em-none-eabihf` once per measured set and prints
//!   what each set adds over the empty baseline image. See `xtask/README.md`.

mod sets;
mod size;

use std::env;
use std::process::ExitCode;

/// What `cargo xtask` prints for `help` or an unknown task.
const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  size [--json] [SET...]   flash/RAM bytes each set adds over an empty
                           thumbv7em-none-eabihf image (all sets if none named)
  help                     this text";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.split_first() {
        Some((task, rest)) if task == "size" => size::run(rest),
        Some((task, _)) if task == "help" || task == "--help" || task == "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        Some((task, _)) => Err(format!("unknown task `{task}`\n\n{USAGE}")),
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
