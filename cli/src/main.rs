//! `iotm`: the command-line tool of the iotm device-management crates.
//!
//! Exit codes, the same for every subcommand: 0 success, 1 input rejected
//! (the message names the rule and the byte offset), 2 usage error (bad
//! arguments, unreadable file).

#![allow(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "a std binary: core/alloc paths buy nothing here"
)]

mod cbor;
mod exit;
mod identity;
mod input;
mod mqtt;
mod suit;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Device-management standards from the command line: inspect, build and
/// check the bytes of CBOR, SUIT, LwM2M, MQTT and device identities.
///
/// Exit status: 0 success, 1 input rejected (stderr names the rule broken and
/// the byte offset), 2 usage error.
#[derive(Debug, Parser)]
#[command(name = "iotm", version, about, long_about, propagate_version = true)]
struct Cli {
    /// Print results as JSON on stdout, and errors as JSON on stderr.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// CBOR (RFC 8949): decode to diagnostic notation, encode from it.
    #[command(subcommand)]
    Cbor(cbor::CborCommand),
    /// MQTT 3.1.1 and 5.0: decode, encode, publish, subscribe.
    #[command(subcommand)]
    Mqtt(mqtt::MqttCommand),
    /// SUIT manifests (draft-ietf-suit-manifest): create, sign, verify,
    /// show, process, sever, encrypt.
    #[command(subcommand)]
    Suit(suit::SuitCommand),
    /// Device identity (X.509, PKCS#10, CRLs, IEEE 802.1AR, Matter):
    /// keygen, csr, issue, inspect, verify, crl, fleet-check.
    #[command(subcommand)]
    Identity(identity::IdentityCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Cbor(command) => cbor::run(command, cli.json),
        Command::Mqtt(command) => mqtt::run(command, cli.json),
        Command::Suit(command) => suit::run(command, cli.json),
        Command::Identity(command) => identity::run(command, cli.json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => error.report(cli.json),
    }
}
