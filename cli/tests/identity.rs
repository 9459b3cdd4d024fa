//! `iotm identity` as a user runs it: a PKI from keygen to CRL, the IoT
//! profiles, exit codes and JSON shapes.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn iotm(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iotm"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs and expects exit 0.
fn ok(dir: &Path, args: &[&str]) -> String {
    let o = iotm(dir, args);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o.stderr));
    text(&o.stdout)
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iotm-identity-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Root → issuing CA → device, all through the CLI.
fn pki(dir: &Path) {
    ok(dir, &["identity", "keygen", "-o", "root.key"]);
    ok(
        dir,
        &[
            "identity",
            "issue",
            "--self-signed",
            "--ca-key",
            "root.key",
            "--kind",
            "ca",
            "--subject",
            "CN=Acme Root,O=Acme",
            "-o",
            "root.pem",
        ],
    );
    ok(
        dir,
        &["identity", "keygen", "--alg", "p384", "-o", "ca.key"],
    );
    ok(
        dir,
        &[
            "identity",
            "csr",
            "--key",
            "ca.key",
            "--subject",
            "CN=Acme Issuing",
            "-o",
            "ca.csr",
        ],
    );
    ok(
        dir,
        &[
            "identity",
            "issue",
            "--csr",
            "ca.csr",
            "--ca-cert",
            "root.pem",
            "--ca-key",
            "root.key",
            "--kind",
            "ca",
            "--path-len",
            "0",
            "-o",
            "ca.pem",
        ],
    );
    ok(
        dir,
        &["identity", "keygen", "--alg", "ed25519", "-o", "dev.key"],
    );
    ok(
        dir,
        &[
            "identity",
            "csr",
            "--key",
            "dev.key",
            "--subject",
            "CN=sensor-42",
            "--dns",
            "sensor-42.acme.example",
            "-o",
            "dev.csr",
        ],
    );
    ok(
        dir,
        &[
            "identity",
            "issue",
            "--csr",
            "dev.csr",
            "--ca-cert",
            "ca.pem",
            "--ca-key",
            "ca.key",
            "--serial",
            "0102",
            "-o",
            "dev.pem",
        ],
    );
}

#[test]
fn keygen_csr_issue_verify_and_crl_through_the_cli() {
    let dir = temp("pki");
    pki(&dir);
    let out = ok(
        &dir,
        &[
            "--json",
            "identity",
            "verify",
            "--trust",
            "root.pem",
            "--intermediates",
            "ca.pem",
            "--name",
            "sensor-42.acme.example",
            "--usage",
            "client",
            "dev.pem",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["path"].as_array().unwrap().len(), 3);

    // The wrong name: exit 1 naming the rule.
    let o = iotm(
        &dir,
        &[
            "identity",
            "verify",
            "--trust",
            "root.pem",
            "--intermediates",
            "ca.pem",
            "--name",
            "other.example",
            "dev.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("RFC 6125"), "{}", text(&o.stderr));
    // Without the intermediate: no path.
    let o = iotm(
        &dir,
        &["identity", "verify", "--trust", "root.pem", "dev.pem"],
    );
    assert_eq!(o.status.code(), Some(1));
    // Before the certificate's notBefore.
    let o = iotm(
        &dir,
        &[
            "identity",
            "verify",
            "--trust",
            "root.pem",
            "--intermediates",
            "ca.pem",
            "--at",
            "2000-01-01T00:00:00Z",
            "dev.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("not yet valid"),
        "{}",
        text(&o.stderr)
    );

    // Revoked by the issuing CA's CRL.
    ok(
        &dir,
        &[
            "identity",
            "crl",
            "--ca-cert",
            "ca.pem",
            "--ca-key",
            "ca.key",
            "--revoke",
            "0102",
            "--number",
            "7",
            "-o",
            "ca.crl",
        ],
    );
    let o = iotm(
        &dir,
        &[
            "identity",
            "verify",
            "--trust",
            "root.pem",
            "--intermediates",
            "ca.pem",
            "--crl",
            "ca.crl",
            "dev.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("revoked"), "{}", text(&o.stderr));

    // inspect: JSON with each object's type and fields.
    let out = ok(
        &dir,
        &[
            "--json", "identity", "inspect", "dev.pem", "dev.csr", "ca.crl",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["type"], "certificate");
    assert_eq!(v[0]["serial"], "0102");
    assert_eq!(v[0]["public_key"], "Ed25519");
    assert_eq!(v[0]["issuer"], "CN=Acme Issuing");
    assert_eq!(v[1]["type"], "certification request");
    assert_eq!(v[1]["signature"], "valid");
    assert_eq!(v[2]["type"], "CRL");
    assert_eq!(v[2]["crl_number"], 7);
    assert_eq!(v[2]["revoked"][0]["serial"], "0102");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ieee8021ar_idevid_issued_and_verified_with_its_profile() {
    let dir = temp("idevid");
    ok(&dir, &["identity", "keygen", "-o", "mfg.key"]);
    ok(
        &dir,
        &[
            "identity",
            "issue",
            "--self-signed",
            "--ca-key",
            "mfg.key",
            "--kind",
            "ca",
            "--subject",
            "CN=Acme Manufacturing CA",
            "-o",
            "mfg.pem",
        ],
    );
    ok(&dir, &["identity", "keygen", "-o", "dev.key"]);
    ok(
        &dir,
        &[
            "identity",
            "csr",
            "--key",
            "dev.key",
            "--subject",
            "CN=Acme Sensor,serialNumber=SN-000042",
            "-o",
            "dev.csr",
        ],
    );
    // An IDevID needs its hardwareModuleName.
    let o = iotm(
        &dir,
        &[
            "identity",
            "issue",
            "--csr",
            "dev.csr",
            "--ca-cert",
            "mfg.pem",
            "--ca-key",
            "mfg.key",
            "--kind",
            "idevid",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    ok(
        &dir,
        &[
            "identity",
            "issue",
            "--csr",
            "dev.csr",
            "--ca-cert",
            "mfg.pem",
            "--ca-key",
            "mfg.key",
            "--kind",
            "idevid",
            "--hw-type",
            "1.3.6.1.4.1.99999.1",
            "--hw-serial",
            "MOD-1234",
            "-o",
            "idevid.pem",
        ],
    );
    let out = ok(&dir, &["--json", "identity", "inspect", "idevid.pem"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["not_after"], "9999-12-31T23:59:59Z");
    assert_eq!(v[0]["hardware_module_name"]["hw_serial"], "MOD-1234");
    ok(
        &dir,
        &[
            "identity",
            "verify",
            "--profile",
            "ieee8021ar",
            "--trust",
            "mfg.pem",
            "idevid.pem",
        ],
    );
    // An ordinary device certificate is not an IDevID.
    ok(
        &dir,
        &[
            "identity",
            "issue",
            "--csr",
            "dev.csr",
            "--ca-cert",
            "mfg.pem",
            "--ca-key",
            "mfg.key",
            "-o",
            "plain.pem",
        ],
    );
    let o = iotm(
        &dir,
        &[
            "identity",
            "verify",
            "--profile",
            "ieee8021ar",
            "--trust",
            "mfg.pem",
            "plain.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("802.1AR"), "{}", text(&o.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn matter_paa_pai_dac_issued_and_attested() {
    let dir = temp("matter");
    for key in ["paa", "pai", "dac"] {
        ok(&dir, &["identity", "keygen", "-o", &format!("{key}.key")]);
    }
    ok(
        &dir,
        &[
            "identity",
            "issue",
            "--self-signed",
            "--ca-key",
            "paa.key",
            "--kind",
            "matter-paa",
            "--subject",
            "CN=Test PAA",
            "-o",
            "paa.pem",
        ],
    );
    ok(
        &dir,
        &[
            "identity",
            "csr",
            "--key",
            "pai.key",
            "--subject",
            "CN=Test PAI,matterVID=FFF1",
            "-o",
            "pai.csr",
        ],
    );
    ok(
        &dir,
        &[
            "identity",
            "issue",
            "--csr",
            "pai.csr",
            "--ca-cert",
            "paa.pem",
            "--ca-key",
            "paa.key",
            "--kind",
            "matter-pai",
            "-o",
            "pai.pem",
        ],
    );
    ok(
        &dir,
        &[
            "identity",
            "csr",
            "--key",
            "dac.key",
            "--subject",
            "CN=Test DAC,matterVID=FFF1,matterPID=8000",
            "-o",
            "dac.csr",
        ],
    );
    ok(
        &dir,
        &[
            "identity",
            "issue",
            "--csr",
            "dac.csr",
            "--ca-cert",
            "pai.pem",
            "--ca-key",
            "pai.key",
            "--kind",
            "matter-dac",
            "-o",
            "dac.pem",
        ],
    );
    let out = ok(
        &dir,
        &[
            "--json",
            "identity",
            "verify",
            "--profile",
            "matter-dac",
            "--trust",
            "paa.pem",
            "--intermediates",
            "pai.pem",
            "dac.pem",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["vendor_id"], "FFF1");
    assert_eq!(v["product_id"], "8000");
    // A DAC without a product id is refused at issuance, naming the rule.
    ok(
        &dir,
        &[
            "identity",
            "csr",
            "--key",
            "dac.key",
            "--subject",
            "CN=Bad DAC,matterVID=FFF1",
            "-o",
            "bad.csr",
        ],
    );
    let o = iotm(
        &dir,
        &[
            "identity",
            "issue",
            "--csr",
            "bad.csr",
            "--ca-cert",
            "pai.pem",
            "--ca-key",
            "pai.key",
            "--kind",
            "matter-dac",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("product id missing"),
        "{}",
        text(&o.stderr)
    );
    // The PAA given where the PAI belongs breaks the PAI's basicConstraints.
    let o = iotm(
        &dir,
        &[
            "identity",
            "verify",
            "--profile",
            "matter-dac",
            "--trust",
            "paa.pem",
            "--intermediates",
            "paa.pem",
            "dac.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("PAI: Matter §6.2.2.5"),
        "{}",
        text(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fleet_check_exits_1_on_shared_credentials_and_lists_them() {
    let dir = temp("fleet");
    pki(&dir);
    ok(&dir, &["identity", "fleet-check", "dev.pem", "ca.pem"]);
    // The same key certified twice: a shared credential.
    ok(
        &dir,
        &[
            "identity",
            "issue",
            "--csr",
            "dev.csr",
            "--ca-cert",
            "ca.pem",
            "--ca-key",
            "ca.key",
            "-o",
            "dev2.pem",
        ],
    );
    let o = iotm(
        &dir,
        &["--json", "identity", "fleet-check", "dev.pem", "dev2.pem"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["clean"], false);
    assert_eq!(v["duplicate_keys"][0].as_array().unwrap().len(), 2);
    // A key on the known-defaults list.
    let o = iotm(
        &dir,
        &[
            "--json",
            "identity",
            "fleet-check",
            "--known-keys",
            "ca.pem",
            "ca.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["default_keys"].as_array().unwrap().len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2_and_malformed_input_exits_1_with_an_offset() {
    let dir = temp("errors");
    let o = iotm(&dir, &["identity", "inspect", "missing.pem"]);
    assert_eq!(o.status.code(), Some(2));
    // A truncated certificate: rejected, JSON error with kind and offset.
    pki(&dir);
    let pem = std::fs::read_to_string(dir.join("dev.pem")).unwrap();
    let block = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<String>();
    let cut = &block[..block.len() / 2 / 4 * 4];
    std::fs::write(
        dir.join("cut.pem"),
        format!("-----BEGIN CERTIFICATE-----\n{cut}\n-----END CERTIFICATE-----\n"),
    )
    .unwrap();
    let o = iotm(
        &dir,
        &[
            "--json", "identity", "verify", "--trust", "root.pem", "cut.pem",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("incomplete"),
        "{v}"
    );
    assert!(v["error"]["offset"].is_u64(), "{v}");
    let _ = std::fs::remove_dir_all(&dir);
}
