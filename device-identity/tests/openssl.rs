//! The `openssl` command line as a peer: requests and certificates this
//! crate builds are accepted by `openssl req -verify` and `openssl verify
//! -crl_check`, and chains openssl builds (name-constrained CAs among
//! them) get the same verdict here as there.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{NOW, intermediate, leaf, name, p256_key, root};
use iotm_device_identity::build::{CrlBuilder, CsrBuilder, GeneralNameSpec, RevokedEntry};
use iotm_device_identity::crypto::RustCryptoProvider;
use iotm_device_identity::{Certificate, Crl, Policy, UnixTime, pem, verify};

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("iotm-openssl-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, file: &str, text: &str) -> PathBuf {
        let path = self.0.join(file);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn openssl(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// `openssl verify` at our test time.
fn openssl_verify(dir: &Dir, extra: &[&str], leaf: &str) -> (bool, String) {
    let at = NOW.as_secs().to_string();
    let mut args = vec!["verify", "-attime", &at, "-CAfile", "root.pem"];
    args.extend_from_slice(extra);
    args.push(leaf);
    openssl(&dir.0, &args)
}

#[test]
#[ignore = "needs openssl"]
fn openssl_req_verify_accepts_our_csr() {
    let dir = Dir::new("csr");
    let mut builder = CsrBuilder {
        subject: name("device-9"),
        ..CsrBuilder::default()
    };
    builder
        .extensions
        .subject_alt_name(&[GeneralNameSpec::Dns("device-9.example.com")], false);
    let der = builder.sign(&RustCryptoProvider, &p256_key(4)).unwrap();
    dir.write("req.pem", &pem::encode("CERTIFICATE REQUEST", &der));
    let (ok, text) = openssl(
        &dir.0,
        &["req", "-verify", "-noout", "-text", "-in", "req.pem"],
    );
    assert!(ok, "{text}");
    assert!(text.contains("verify OK"), "{text}");
    assert!(text.contains("DNS:device-9.example.com"), "{text}");
}

#[test]
#[ignore = "needs openssl"]
fn openssl_verify_crl_check_accepts_our_chain_and_sees_our_revocation() {
    let dir = Dir::new("crl");
    let (root_key, ca_key, dev_key) = (p256_key(1), p256_key(2), p256_key(3));
    dir.write(
        "root.pem",
        &pem::encode("CERTIFICATE", &root(&root_key, "Root")),
    );
    let ca = intermediate(&ca_key, "Issuing CA", &root_key, "Root", Some(0));
    dir.write("ca.pem", &pem::encode("CERTIFICATE", &ca));
    let good = leaf(&dev_key, "good.example.com", 7, &ca_key, "Issuing CA");
    let bad = leaf(&dev_key, "bad.example.com", 8, &ca_key, "Issuing CA");
    dir.write("good.pem", &pem::encode("CERTIFICATE", &good));
    dir.write("bad.pem", &pem::encode("CERTIFICATE", &bad));
    let crl = |issuer: &str, key, revoked: Vec<RevokedEntry>| {
        CrlBuilder {
            issuer: name(issuer),
            this_update: UnixTime::from_secs(NOW.as_secs() - 3600),
            next_update: Some(UnixTime::from_secs(NOW.as_secs() + 86_400)),
            number: 1,
            authority_key_id: None,
            revoked,
        }
        .sign(&RustCryptoProvider, key)
        .unwrap()
    };
    let root_crl = crl("Root", &root_key, vec![]);
    let ca_crl = crl(
        "Issuing CA",
        &ca_key,
        vec![RevokedEntry {
            serial: vec![8],
            date: UnixTime::from_secs(NOW.as_secs() - 60),
            reason: Some(1),
        }],
    );
    dir.write(
        "crls.pem",
        &(pem::encode("X509 CRL", &root_crl) + &pem::encode("X509 CRL", &ca_crl)),
    );
    let crl_args = [
        "-crl_check_all",
        "-CRLfile",
        "crls.pem",
        "-untrusted",
        "ca.pem",
    ];
    let (ok, text) = openssl_verify(&dir, &crl_args, "good.pem");
    assert!(ok, "{text}");
    let (ok, text) = openssl_verify(&dir, &crl_args, "bad.pem");
    assert!(!ok && text.contains("revoked"), "{text}");

    // The same verdicts here.
    let root_der = root(&root_key, "Root");
    let anchors = [Certificate::from_der(&root_der).unwrap()];
    let pool = [Certificate::from_der(&ca).unwrap()];
    let crls = [
        Crl::from_der(&root_crl).unwrap(),
        Crl::from_der(&ca_crl).unwrap(),
    ];
    let mut policy = Policy::new(NOW);
    policy.crls = &crls;
    let good = Certificate::from_der(&good).unwrap();
    verify(&RustCryptoProvider, &good, &pool, &anchors, &policy).unwrap();
    let bad = Certificate::from_der(&bad).unwrap();
    assert!(verify(&RustCryptoProvider, &bad, &pool, &anchors, &policy).is_err());
}

/// Builds root → name-constrained CA → leaf with openssl itself.
fn openssl_chain(dir: &Dir, constraints: &str, leaf_san: &str) {
    let run = |args: &[&str]| {
        let (ok, text) = openssl(&dir.0, args);
        assert!(ok, "openssl {args:?}: {text}");
    };
    for key in ["root", "ca", "leaf"] {
        run(&[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            &format!("{key}.key"),
        ]);
    }
    dir.write(
        "ext.cnf",
        &format!(
            "[root]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n\
             [ca]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nnameConstraints=critical,{constraints}\n\
             [leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nsubjectAltName={leaf_san}\n"
        ),
    );
    // OpenSSL 3.0 starts validity now; the chain is checked now.
    let days = ["-days", "3650"];
    run(&[
        "req",
        "-new",
        "-key",
        "root.key",
        "-subj",
        "/CN=OpenSSL Root",
        "-out",
        "root.csr",
    ]);
    let mut a = vec![
        "x509",
        "-req",
        "-in",
        "root.csr",
        "-signkey",
        "root.key",
        "-set_serial",
        "1",
        "-extfile",
        "ext.cnf",
        "-extensions",
        "root",
        "-out",
        "root.pem",
    ];
    a.extend_from_slice(&days);
    run(&a);
    run(&[
        "req",
        "-new",
        "-key",
        "ca.key",
        "-subj",
        "/CN=OpenSSL CA",
        "-out",
        "ca.csr",
    ]);
    let mut a = vec![
        "x509",
        "-req",
        "-in",
        "ca.csr",
        "-CA",
        "root.pem",
        "-CAkey",
        "root.key",
        "-set_serial",
        "2",
        "-extfile",
        "ext.cnf",
        "-extensions",
        "ca",
        "-out",
        "ca.pem",
    ];
    a.extend_from_slice(&days);
    run(&a);
    run(&[
        "req", "-new", "-key", "leaf.key", "-subj", "/CN=leaf", "-out", "leaf.csr",
    ]);
    let mut a = vec![
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-set_serial",
        "3",
        "-extfile",
        "ext.cnf",
        "-extensions",
        "leaf",
        "-out",
        "leaf.pem",
    ];
    a.extend_from_slice(&days);
    run(&a);
}

fn read_cert(dir: &Dir, file: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(dir.0.join(file)).unwrap();
    pem::blocks(&text)
        .next()
        .unwrap()
        .unwrap()
        .decode()
        .unwrap()
}

#[test]
#[ignore = "needs openssl"]
fn openssl_built_name_constrained_chains_get_the_same_verdict() {
    let cases = [
        ("permitted;DNS:example.com", "DNS:a.example.com", true),
        ("permitted;DNS:example.com", "DNS:a.example.org", false),
        (
            "excluded;DNS:bad.example.com",
            "DNS:x.bad.example.com",
            false,
        ),
        ("excluded;DNS:bad.example.com", "DNS:good.example.com", true),
        ("permitted;IP:10.0.0.0/255.0.0.0", "IP:10.1.2.3", true),
        ("permitted;IP:10.0.0.0/255.0.0.0", "IP:192.168.0.1", false),
        ("permitted;email:example.com", "email:dev@example.com", true),
        ("permitted;email:example.com", "email:dev@other.com", false),
        ("permitted;dirName:dir_sect", "DNS:a.example.com", false),
    ];
    for (i, (constraints, san, valid)) in cases.into_iter().enumerate() {
        let dir = Dir::new(&format!("nc{i}"));
        let constraints = constraints.replace(
            "dirName:dir_sect",
            "dirName:dir_sect\n[dir_sect]\nO=Elsewhere",
        );
        openssl_chain(&dir, &constraints, san);
        let (openssl_ok, text) = openssl(
            &dir.0,
            &[
                "verify",
                "-CAfile",
                "root.pem",
                "-untrusted",
                "ca.pem",
                "leaf.pem",
            ],
        );
        assert_eq!(
            openssl_ok, valid,
            "openssl on {constraints} / {san}: {text}"
        );
        let (root_der, ca_der, leaf_der) = (
            read_cert(&dir, "root.pem"),
            read_cert(&dir, "ca.pem"),
            read_cert(&dir, "leaf.pem"),
        );
        let anchors = [Certificate::from_der(&root_der).unwrap()];
        let pool = [Certificate::from_der(&ca_der).unwrap()];
        let leaf = Certificate::from_der(&leaf_der).unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let policy = Policy::new(UnixTime::from_secs(i64::try_from(now).unwrap()));
        let ours = verify(&RustCryptoProvider, &leaf, &pool, &anchors, &policy);
        assert_eq!(
            ours.is_ok(),
            valid,
            "ours on {constraints} / {san}: {ours:?}"
        );
    }
}

#[test]
#[ignore = "needs openssl"]
fn openssl_pkey_reads_our_pkcs8_keys_and_derives_the_same_public_key() {
    use iotm_device_identity::build::KeyPair;
    use iotm_device_identity::crypto::SignatureAlg;
    let dir = Dir::new("pkcs8");
    for alg in [
        SignatureAlg::EcdsaP256Sha256,
        SignatureAlg::EcdsaP384Sha384,
        SignatureAlg::Ed25519,
    ] {
        let key = KeyPair::generate(&RustCryptoProvider, alg, &[0x42; 32]).unwrap();
        dir.write("key.pem", &pem::encode("PRIVATE KEY", &key.to_pkcs8_der()));
        let (ok, text) = openssl(
            &dir.0,
            &[
                "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "pub.der",
            ],
        );
        assert!(ok, "{alg:?}: {text}");
        let theirs = std::fs::read(dir.0.join("pub.der")).unwrap();
        assert_eq!(theirs, key.spki(), "{alg:?}");
        // And a key openssl generates reads here.
        let (ok, text) = openssl(
            &dir.0,
            &["genpkey", "-algorithm", "ED25519", "-out", "theirs.pem"],
        );
        assert!(ok, "{text}");
        let pem_text = std::fs::read_to_string(dir.0.join("theirs.pem")).unwrap();
        let der = pem::blocks(&pem_text)
            .next()
            .unwrap()
            .unwrap()
            .decode()
            .unwrap();
        KeyPair::from_pkcs8_der(&RustCryptoProvider, &der).unwrap();
    }
}
