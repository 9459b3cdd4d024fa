//! `cargo xtask size`: link the firmware image once per set, read its section
//! sizes with `object`, subtract the baseline image and print a table.

use core::fmt::Write as _;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use object::{Object, ObjectSection};

use crate::sets::{self, BASELINE, SETS, Set};

/// The target every image is linked for.
const TARGET: &str = "thumbv7em-none-eabihf";
/// The firmware package's binary, the same for every set.
const BINARY: &str = "iotm-size-firmware";

/// Bytes of each output section of a linked image; a section the image lacks counts 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Sections {
    /// `.text`: code, in flash.
    text: i64,
    /// `.rodata`: constants, in flash.
    rodata: i64,
    /// `.data`: initialised statics, in RAM with their initial values in flash.
    data: i64,
    /// `.bss`: zeroed statics, RAM only.
    bss: i64,
    /// `.vector_table`: cortex-m-rt's vector table, in flash.
    vector_table: i64,
}

impl Sections {
    /// Flash taken: `.text + .rodata + .data + .vector_table`.
    const fn flash(&self) -> i64 {
        self.text + self.rodata + self.data + self.vector_table
    }

    /// What `self` adds over `base`, section by section.
    const fn minus(&self, base: &Self) -> Self {
        Self {
            text: self.text - base.text,
            rodata: self.rodata - base.rodata,
            data: self.data - base.data,
            bss: self.bss - base.bss,
            vector_table: self.vector_table - base.vector_table,
        }
    }
}

/// One row of the report: a set and what it adds over the baseline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Row {
    /// The set measured.
    set: Set,
    /// Its image's sections minus the baseline image's.
    added: Sections,
}

/// Runs `cargo xtask size` with the arguments after `size`.
///
/// # Errors
/// An unknown option or set name, a firmware build that fails, or an image
/// that cannot be read.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let mut json = false;
    let mut chosen = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            option if option.starts_with('-') => {
                return Err(format!(
                    "unknown option `{option}` (usage: cargo xtask size [--json] [SET...])"
                ));
            }
            name => chosen.push(sets::find(name)?),
        }
    }
    if chosen.is_empty() {
        chosen = SETS.to_vec();
    }

    let firmware = firmware_dir()?;
    let baseline = measure(&firmware, BASELINE)?;
    let mut rows = Vec::with_capacity(chosen.len());
    for set in chosen {
        let image = measure(&firmware, set.name)?;
        rows.push(Row {
            set,
            added: image.minus(&baseline),
        });
    }

    if json {
        println!("{}", render_json(&baseline, &rows));
    } else {
        print!("{}", render_markdown(&baseline, &rows));
    }
    Ok(())
}

/// `xtask/firmware`, found from this crate's `CARGO_MANIFEST_DIR`.
///
/// # Errors
/// When the folder has no Cargo.toml (a moved or partial checkout).
fn firmware_dir() -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("firmware");
    if dir.join("Cargo.toml").is_file() {
        Ok(dir)
    } else {
        Err(format!("no firmware package at {}", dir.display()))
    }
}

/// Builds the firmware image with the single feature `feature` and reads its sections.
///
/// # Errors
/// The build's own output when cargo fails; a read or parse error for the image.
fn measure(firmware: &Path, feature: &str) -> Result<Sections, String> {
    eprintln!("size: linking `{feature}` for {TARGET}");
    let target_dir = firmware.join("target");
    // The cargo running this xtask, so rustup's toolchain choice carries over.
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(firmware)
        .args(["build", "--release", "--quiet", "--target", TARGET])
        .arg("--manifest-path")
        .arg(firmware.join("Cargo.toml"))
        // Explicit, so a CARGO_TARGET_DIR set for the xtask build does not leak in.
        .arg("--target-dir")
        .arg(&target_dir)
        .args(["--no-default-features", "--features", feature])
        .output()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if !output.status.success() {
        let log = String::from_utf8_lossy(&output.stderr);
        let hint = if log.contains("target may not be installed") {
            format!("\nhint: rustup target add {TARGET}")
        } else {
            String::new()
        };
        return Err(format!(
            "firmware build for set `{feature}` failed ({}):\n{log}{hint}",
            output.status
        ));
    }
    let elf = target_dir.join(TARGET).join("release").join(BINARY);
    let bytes = fs::read(&elf).map_err(|err| format!("cannot read {}: {err}", elf.display()))?;
    sections(&bytes).map_err(|err| format!("{}: {err}", elf.display()))
}

/// The sizes of the sections the report counts, read from an ELF image.
///
/// # Errors
/// When `elf` is not an object file `object` can parse.
fn sections(elf: &[u8]) -> Result<Sections, String> {
    let file = object::File::parse(elf).map_err(|err| format!("not an ELF image: {err}"))?;
    let size = |name: &str| -> Result<i64, String> {
        file.section_by_name(name).map_or(Ok(0), |section| {
            i64::try_from(section.size()).map_err(|_| format!("section {name} too large"))
        })
    };
    Ok(Sections {
        text: size(".text")?,
        rodata: size(".rodata")?,
        data: size(".data")?,
        bss: size(".bss")?,
        vector_table: size(".vector_table")?,
    })
}

/// The report as a Markdown table, with the baseline's absolute sizes below it.
fn render_markdown(baseline: &Sections, rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Bytes each set adds over the empty baseline image \
         ({TARGET}, opt-level z, LTO, panic abort):\n"
    );
    let _ = writeln!(out, "| set | crate | text | rodata | data | bss | flash |");
    let _ = writeln!(out, "|---|---|--:|--:|--:|--:|--:|");
    for Row { set, added } in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            set.name,
            set.krate,
            added.text,
            added.rodata,
            added.data,
            added.bss,
            added.flash()
        );
    }
    let _ = writeln!(
        out,
        "\nBaseline (cortex-m-rt reset handler and vector table, empty main), subtracted above: \
         text {}, rodata {}, data {}, bss {}, vector table {}, flash {} bytes.",
        baseline.text,
        baseline.rodata,
        baseline.data,
        baseline.bss,
        baseline.vector_table,
        baseline.flash()
    );
    out
}

/// The report as JSON: the target, the baseline's absolute sizes and one
/// object per set with what it adds.
fn render_json(baseline: &Sections, rows: &[Row]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\n  \"target\": {},\n  \"baseline\": {{{}}},\n  \"sets\": [",
        json_string(TARGET),
        json_fields(baseline)
    );
    for (i, Row { set, added }) in rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        let _ = write!(
            out,
            "{{\"set\": {}, \"crate\": {}, \"description\": {}, {}}}",
            json_string(set.name),
            json_string(set.krate),
            json_string(set.description),
            json_fields(added)
        );
    }
    out.push_str(if rows.is_empty() { "]\n}" } else { "\n  ]\n}" });
    out
}

/// The section fields of one JSON object, without the braces.
fn json_fields(s: &Sections) -> String {
    format!(
        "\"text\": {}, \"rodata\": {}, \"data\": {}, \"bss\": {}, \"vector_table\": {}, \"flash\": {}",
        s.text,
        s.rodata,
        s.data,
        s.bss,
        s.vector_table,
        s.flash()
    )
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Sections = Sections {
        text: 140,
        rodata: 256,
        data: 0,
        bss: 0,
        vector_table: 1024,
    };

    fn row(name: &'static str, text: i64) -> Row {
        let set = Set {
            name,
            krate: "iotm-wire",
            description: "a \"quoted\" call",
        };
        Row {
            set,
            added: Sections {
                text,
                rodata: 8,
                data: 4,
                bss: 16,
                vector_table: 0,
            },
        }
    }

    #[test]
    fn flash_counts_text_rodata_data_and_vector_table_not_bss() {
        assert_eq!(BASE.flash(), 140 + 256 + 1024);
        let image = Sections {
            text: 200,
            bss: 64,
            ..BASE
        };
        assert_eq!(
            image.minus(&BASE),
            Sections {
                text: 60,
                bss: 64,
                ..Sections::default()
            }
        );
    }

    #[test]
    fn markdown_has_one_row_per_set() {
        let table = render_markdown(&BASE, &[row("wire", 136), row("other", 1)]);
        assert!(table.contains("| set | crate | text | rodata | data | bss | flash |"));
        assert!(
            table.contains("| wire | iotm-wire | 136 | 8 | 4 | 16 | 148 |"),
            "{table}"
        );
        assert!(
            table.contains("| other | iotm-wire | 1 | 8 | 4 | 16 | 13 |"),
            "{table}"
        );
        assert!(table.contains("flash 1420 bytes"), "{table}");
    }

    #[test]
    fn json_is_well_formed() {
        let json = render_json(&BASE, &[row("wire", 136)]);
        let expected = "{\n  \"target\": \"thumbv7em-none-eabihf\",\n  \"baseline\": \
            {\"text\": 140, \"rodata\": 256, \"data\": 0, \"bss\": 0, \"vector_table\": 1024, \"flash\": 1420},\n  \
            \"sets\": [\n    {\"set\": \"wire\", \"crate\": \"iotm-wire\", \
            \"description\": \"a \\\"quoted\\\" call\", \"text\": 136, \"rodata\": 8, \"data\": 4, \
            \"bss\": 16, \"vector_table\": 0, \"flash\": 148}\n  ]\n}";
        assert_eq!(json, expected);
        assert!(render_json(&BASE, &[]).ends_with("\"sets\": []\n}"));
    }

    #[test]
    fn json_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }

    #[test]
    fn unknown_option_is_an_error() {
        let err = run(&["--jsn".to_owned()]).unwrap_err();
        assert!(err.contains("--jsn"), "{err}");
    }

    #[test]
    fn reads_sections_of_a_real_elf_or_rejects_garbage() {
        assert!(sections(b"not an elf").is_err());
    }
}
