//! How every subcommand fails: a message on stderr and an exit code a script
//! can act on.

use std::fmt;
use std::process::ExitCode;

/// A failure of a subcommand.
#[derive(Debug)]
pub(crate) enum CliError {
    /// The input was read but rejected: exit 1.
    Rejected {
        /// What broke, with the rule.
        message: String,
        /// Byte offset (or character offset in a text input).
        offset: Option<usize>,
        /// `incomplete` or `malformed`.
        kind: &'static str,
    },
    /// The command line or the files it names are wrong: exit 2.
    Usage(String),
}

impl CliError {
    /// A decoding error of any iotm crate, exit 1.
    pub(crate) fn decode<R: fmt::Display>(error: &iotm_wire::Error<R>) -> Self {
        Self::Rejected {
            message: error.to_string(),
            offset: Some(error.offset()),
            kind: if error.is_incomplete() {
                "incomplete"
            } else {
                "malformed"
            },
        }
    }

    /// Prints the error and gives the exit code.
    pub(crate) fn report(&self, json: bool) -> ExitCode {
        let (code, kind, message, offset) = match self {
            Self::Rejected {
                message,
                offset,
                kind,
            } => (1, *kind, message.as_str(), *offset),
            Self::Usage(message) => (2, "usage", message.as_str(), None),
        };
        if json {
            let value = serde_json::json!({ "error": { "kind": kind, "message": message, "offset": offset } });
            eprintln!("{value}");
        } else {
            eprintln!("iotm: {message}");
        }
        ExitCode::from(code)
    }
}
