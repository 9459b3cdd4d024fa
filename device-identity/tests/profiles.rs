//! The IoT profiles: Matter attestation chains built to every rule of
//! §6.2.2, then one violation of each rule rejected with that rule; IEEE
//! 802.1AR IDevIDs and LDevIDs likewise.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

mod common;

use common::{NOT_AFTER, NOT_BEFORE, p256_key};
use iotm_device_identity::build::{
    CertificateBuilder, ExtensionsBuilder, GeneralNameSpec, KeyPair, NameBuilder,
    hardware_module_name,
};
use iotm_device_identity::crypto::{RustCryptoProvider, SignatureAlg};
use iotm_device_identity::der::tag;
use iotm_device_identity::extension::KeyUsage;
use iotm_device_identity::oid::ext;
use iotm_device_identity::profile::ieee8021ar::{self, Kind};
use iotm_device_identity::profile::matter::{self, Error, Ids, Level, PRODUCT_ID, Rule, VENDOR_ID};
use iotm_device_identity::time::NO_EXPIRATION;
use iotm_device_identity::{Certificate, UnixTime, VerifyError};

/// One certificate of a Matter chain, as built.
#[derive(Clone)]
struct Spec {
    cn: &'static str,
    vid: Option<&'static str>,
    pid: Option<&'static str>,
    /// Vendor and product ids in the CN (`Mvid:`/`Mpid:`) instead.
    ids_in_cn: bool,
    /// (critical, cA, pathLen).
    basic_constraints: Option<(bool, bool, Option<u8>)>,
    /// (critical, bits).
    key_usage: Option<(bool, u16)>,
    /// Length of the SKI, and whether critical.
    ski: Option<(usize, bool)>,
    aki: bool,
    key: KeyPair,
    not_before: UnixTime,
}

fn key_usage_ca() -> u16 {
    KeyUsage::KEY_CERT_SIGN.0 | KeyUsage::CRL_SIGN.0
}

fn paa() -> Spec {
    Spec {
        cn: "Matter Test PAA",
        vid: None,
        pid: None,
        ids_in_cn: false,
        basic_constraints: Some((true, true, Some(1))),
        key_usage: Some((true, key_usage_ca())),
        ski: Some((20, false)),
        aki: false,
        key: p256_key(11),
        not_before: NOT_BEFORE,
    }
}

fn pai() -> Spec {
    Spec {
        cn: "Matter Test PAI",
        vid: Some("FFF1"),
        pid: None,
        basic_constraints: Some((true, true, Some(0))),
        aki: true,
        key: p256_key(12),
        ..paa()
    }
}

fn dac() -> Spec {
    Spec {
        cn: "Matter Test DAC",
        vid: Some("FFF1"),
        pid: Some("8000"),
        basic_constraints: Some((true, false, None)),
        key_usage: Some((true, KeyUsage::DIGITAL_SIGNATURE.0)),
        aki: true,
        key: p256_key(13),
        not_before: UnixTime::from_secs(NOT_BEFORE.as_secs() + 86_400),
        ..paa()
    }
}

fn subject(spec: &Spec) -> Vec<u8> {
    let mut name = NameBuilder::new();
    if spec.ids_in_cn {
        let mut cn = spec.cn.to_string();
        if let Some(vid) = spec.vid {
            cn.push_str(&format!(" Mvid:{vid}"));
        }
        if let Some(pid) = spec.pid {
            cn.push_str(&format!(" Mpid:{pid}"));
        }
        return name.common_name(&cn).build();
    }
    name = name.common_name(spec.cn);
    if let Some(vid) = spec.vid {
        name = name.attribute(VENDOR_ID, tag::UTF8_STRING, vid.as_bytes());
    }
    if let Some(pid) = spec.pid {
        name = name.attribute(PRODUCT_ID, tag::UTF8_STRING, pid.as_bytes());
    }
    name.build()
}

fn issue(spec: &Spec, issuer: &Spec) -> Vec<u8> {
    let mut extensions = ExtensionsBuilder::default();
    if let Some((critical, ca, path_len)) = spec.basic_constraints {
        let mut value = Vec::new();
        iotm_device_identity::encode::sequence(&mut value, |out| {
            if ca {
                iotm_device_identity::encode::boolean(out, true);
            }
            if let Some(n) = path_len {
                iotm_device_identity::encode::small_integer(out, u64::from(n));
            }
        });
        extensions.raw(ext::BASIC_CONSTRAINTS, critical, &value);
    }
    if let Some((critical, bits)) = spec.key_usage {
        let mut value = Vec::new();
        iotm_device_identity::encode::named_bits(&mut value, bits);
        extensions.raw(ext::KEY_USAGE, critical, &value);
    }
    let id = |key: &KeyPair| key.key_id(&RustCryptoProvider).unwrap();
    if let Some((len, critical)) = spec.ski {
        let mut value = Vec::new();
        let full = id(&spec.key);
        let ski: Vec<u8> = full.iter().cycle().take(len).copied().collect();
        iotm_device_identity::encode::octet_string(&mut value, &ski);
        extensions.raw(ext::SUBJECT_KEY_IDENTIFIER, critical, &value);
    }
    if spec.aki {
        extensions.authority_key_id(&id(&issuer.key));
    }
    CertificateBuilder {
        serial: vec![0x42],
        issuer: subject(issuer),
        subject: subject(spec),
        not_before: spec.not_before,
        not_after: NOT_AFTER,
        public_key: spec.key.spki(),
        extensions,
    }
    .sign(&RustCryptoProvider, &issuer.key)
    .unwrap()
}

/// Builds the chain from the specs and verifies it.
fn attest(paa: &Spec, pai: &Spec, dac: &Spec) -> Result<Ids, Error> {
    let paa_der = issue(paa, paa);
    let pai_der = issue(pai, paa);
    let dac_der = issue(dac, pai);
    let paas = [Certificate::from_der(&paa_der).unwrap()];
    let pai = Certificate::from_der(&pai_der).unwrap();
    let dac = Certificate::from_der(&dac_der).unwrap();
    matter::verify_attestation(&RustCryptoProvider, &dac, &pai, &paas)
}

fn format(level: Level, rule: Rule) -> Result<Ids, Error> {
    Err(Error::Format { level, rule })
}

fn p384_key() -> KeyPair {
    let scalar = [7u8; 48];
    let secret = p384::SecretKey::from_slice(&scalar).unwrap();
    KeyPair {
        alg: SignatureAlg::EcdsaP384Sha384,
        private: scalar.to_vec(),
        public: secret.public_key().to_sec1_bytes().to_vec(),
    }
}

#[test]
fn matter_6_2_a_chain_built_to_every_rule_attests_its_ids() {
    let ids = attest(&paa(), &pai(), &dac()).unwrap();
    assert_eq!(ids.vendor, Some(0xfff1));
    assert_eq!(ids.product, Some(0x8000));
    // PAA with a vendor id, PAI with the product id, PAA without pathLen.
    let paa_vid = Spec {
        vid: Some("FFF1"),
        basic_constraints: Some((true, true, None)),
        ..paa()
    };
    let pai_pid = Spec {
        pid: Some("8000"),
        ..pai()
    };
    attest(&paa_vid, &pai_pid, &dac()).unwrap();
    // The legacy CN encoding of the ids.
    let dac_cn = Spec {
        ids_in_cn: true,
        ..dac()
    };
    assert_eq!(
        attest(&paa(), &pai(), &dac_cn).unwrap().product,
        Some(0x8000)
    );
}

#[test]
fn matter_6_2_2_each_format_rule_violated_is_named() {
    let cases: Vec<(Spec, Spec, Spec, Level, Rule)> = vec![
        // basicConstraints missing, not critical, wrong per level.
        (
            paa(),
            pai(),
            Spec {
                basic_constraints: None,
                ..dac()
            },
            Level::Dac,
            Rule::BasicConstraintsMissing,
        ),
        (
            paa(),
            Spec {
                basic_constraints: Some((false, true, Some(0))),
                ..pai()
            },
            dac(),
            Level::Pai,
            Rule::BasicConstraintsMissing,
        ),
        (
            paa(),
            pai(),
            Spec {
                basic_constraints: Some((true, false, Some(0))),
                ..dac()
            },
            Level::Dac,
            Rule::BasicConstraintsLevel,
        ),
        (
            paa(),
            Spec {
                basic_constraints: Some((true, true, Some(1))),
                ..pai()
            },
            dac(),
            Level::Pai,
            Rule::BasicConstraintsLevel,
        ),
        (
            paa(),
            Spec {
                basic_constraints: Some((true, true, None)),
                ..pai()
            },
            dac(),
            Level::Pai,
            Rule::BasicConstraintsLevel,
        ),
        (
            Spec {
                basic_constraints: Some((true, true, Some(2))),
                ..paa()
            },
            pai(),
            dac(),
            Level::Paa,
            Rule::BasicConstraintsLevel,
        ),
        // keyUsage missing, not critical, wrong per level.
        (
            paa(),
            pai(),
            Spec {
                key_usage: None,
                ..dac()
            },
            Level::Dac,
            Rule::KeyUsageMissing,
        ),
        (
            paa(),
            pai(),
            Spec {
                key_usage: Some((false, KeyUsage::DIGITAL_SIGNATURE.0)),
                ..dac()
            },
            Level::Dac,
            Rule::KeyUsageMissing,
        ),
        (
            paa(),
            pai(),
            Spec {
                key_usage: Some((
                    true,
                    KeyUsage::DIGITAL_SIGNATURE.0 | KeyUsage::KEY_ENCIPHERMENT.0,
                )),
                ..dac()
            },
            Level::Dac,
            Rule::KeyUsageLevel,
        ),
        (
            paa(),
            Spec {
                key_usage: Some((true, KeyUsage::KEY_CERT_SIGN.0)),
                ..pai()
            },
            dac(),
            Level::Pai,
            Rule::KeyUsageLevel,
        ),
        (
            paa(),
            Spec {
                key_usage: Some((true, key_usage_ca() | KeyUsage::KEY_AGREEMENT.0)),
                ..pai()
            },
            dac(),
            Level::Pai,
            Rule::KeyUsageLevel,
        ),
        // Key identifiers.
        (
            paa(),
            pai(),
            Spec { ski: None, ..dac() },
            Level::Dac,
            Rule::SubjectKeyId,
        ),
        (
            paa(),
            pai(),
            Spec {
                ski: Some((16, false)),
                ..dac()
            },
            Level::Dac,
            Rule::SubjectKeyId,
        ),
        (
            paa(),
            Spec {
                ski: Some((20, true)),
                ..pai()
            },
            dac(),
            Level::Pai,
            Rule::SubjectKeyId,
        ),
        (
            paa(),
            Spec {
                aki: false,
                ..pai()
            },
            dac(),
            Level::Pai,
            Rule::AuthorityKeyId,
        ),
        (
            paa(),
            pai(),
            Spec {
                aki: false,
                ..dac()
            },
            Level::Dac,
            Rule::AuthorityKeyId,
        ),
        // Vendor and product ids.
        (
            paa(),
            pai(),
            Spec { vid: None, ..dac() },
            Level::Dac,
            Rule::VendorIdMissing,
        ),
        (
            paa(),
            pai(),
            Spec { pid: None, ..dac() },
            Level::Dac,
            Rule::ProductIdMissing,
        ),
        (
            paa(),
            Spec { vid: None, ..pai() },
            dac(),
            Level::Pai,
            Rule::VendorIdMissing,
        ),
        (
            Spec {
                pid: Some("8000"),
                ..paa()
            },
            pai(),
            dac(),
            Level::Paa,
            Rule::ProductIdInPaa,
        ),
        (
            paa(),
            pai(),
            Spec {
                vid: Some("fff1"),
                ..dac()
            },
            Level::Dac,
            Rule::IdEncoding,
        ),
        (
            paa(),
            pai(),
            Spec {
                pid: Some("80000"),
                ..dac()
            },
            Level::Dac,
            Rule::IdEncoding,
        ),
        (
            paa(),
            pai(),
            Spec {
                vid: Some("FFF2"),
                ..dac()
            },
            Level::Dac,
            Rule::VendorIdMismatch,
        ),
        (
            paa(),
            Spec {
                pid: Some("8001"),
                ..pai()
            },
            dac(),
            Level::Dac,
            Rule::ProductIdMismatch,
        ),
        (
            Spec {
                vid: Some("FFF2"),
                ..paa()
            },
            pai(),
            dac(),
            Level::Pai,
            Rule::VendorIdMismatch,
        ),
        // P-256 with ECDSA-SHA256 only.
        (
            paa(),
            pai(),
            Spec {
                key: p384_key(),
                ..dac()
            },
            Level::Dac,
            Rule::PublicKey,
        ),
        (
            paa(),
            Spec {
                key: p384_key(),
                ..pai()
            },
            dac(),
            Level::Dac,
            Rule::SignatureAlgorithm,
        ),
    ];
    for (i, (paa, pai, dac, level, rule)) in cases.into_iter().enumerate() {
        assert_eq!(
            attest(&paa, &pai, &dac),
            format(level, rule),
            "case {i}: {level} {rule}"
        );
    }
}

#[test]
fn matter_6_2_3_1_the_chain_is_valid_at_the_dac_not_before() {
    // A DAC issued before its PAI was valid is rejected; validity is
    // judged at the DAC's notBefore, not now.
    let early = Spec {
        not_before: UnixTime::from_secs(NOT_BEFORE.as_secs() - 86_400),
        ..dac()
    };
    assert_eq!(
        attest(&paa(), &pai(), &early),
        Err(Error::Path(VerifyError::NotYetValid { depth: 1 }))
    );
    // A PAA nobody trusts.
    let paa_der = issue(&paa(), &paa());
    let other = Spec {
        key: p256_key(99),
        ..paa()
    };
    let pai_der = issue(&pai(), &other);
    let dac_der = issue(&dac(), &pai());
    let paas = [Certificate::from_der(&paa_der).unwrap()];
    let result = matter::verify_attestation(
        &RustCryptoProvider,
        &Certificate::from_der(&dac_der).unwrap(),
        &Certificate::from_der(&pai_der).unwrap(),
        &paas,
    );
    assert!(matches!(result, Err(Error::Path(_))), "{result:?}");
}

/// An IEEE 802.1AR DevID issued by a manufacturer CA.
fn devid(
    serial_attribute: bool,
    hmn: Option<Vec<u8>>,
    not_after: UnixTime,
    ca: bool,
    key_usage: KeyUsage,
) -> Vec<u8> {
    let ca_key = p256_key(21);
    let key = p256_key(22);
    let mut name = NameBuilder::new()
        .organization("Acme")
        .common_name("Acme Sensor");
    if serial_attribute {
        name = name.serial_number("SN-000042");
    }
    let mut extensions = ExtensionsBuilder::default();
    extensions
        .basic_constraints(ca, None)
        .key_usage(key_usage)
        .authority_key_id(&ca_key.key_id(&RustCryptoProvider).unwrap());
    if let Some(value) = &hmn {
        extensions.subject_alt_name(
            &[GeneralNameSpec::OtherName {
                type_id: ieee8021ar::HARDWARE_MODULE_NAME,
                value,
            }],
            false,
        );
    }
    CertificateBuilder {
        serial: vec![0x10, 0x20],
        issuer: NameBuilder::new()
            .common_name("Acme Manufacturing CA")
            .build(),
        subject: name.build(),
        not_before: NOT_BEFORE,
        not_after,
        public_key: key.spki(),
        extensions,
    }
    .sign(&RustCryptoProvider, &ca_key)
    .unwrap()
}

/// hwType 1.3.6.1.4.1.99999.1 and a module serial.
fn hmn() -> Vec<u8> {
    hardware_module_name(
        &[0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f, 0x01],
        b"MOD-1234",
    )
}

#[test]
fn ieee8021ar_idevid_with_hardware_module_name_passes() {
    let der = devid(
        true,
        Some(hmn()),
        NO_EXPIRATION,
        false,
        KeyUsage::DIGITAL_SIGNATURE,
    );
    let cert = Certificate::from_der(&der).unwrap();
    let name = ieee8021ar::check(&cert, Kind::IDevId).unwrap().unwrap();
    assert_eq!(name.serial, b"MOD-1234");
    assert_eq!(name.hw_type.to_string(), "1.3.6.1.4.1.99999.1");
    // An LDevID may expire and need no hardwareModuleName.
    let der = devid(false, None, NOT_AFTER, false, KeyUsage::DIGITAL_SIGNATURE);
    let cert = Certificate::from_der(&der).unwrap();
    assert_eq!(ieee8021ar::check(&cert, Kind::LDevId), Ok(None));
}

#[test]
fn ieee8021ar_each_rule_violated_is_named() {
    use ieee8021ar::Rule as R;
    let ds = KeyUsage::DIGITAL_SIGNATURE;
    let cases = [
        (devid(true, Some(hmn()), NOT_AFTER, false, ds), R::NotAfter),
        (
            devid(true, None, NO_EXPIRATION, false, ds),
            R::HardwareModuleNameMissing,
        ),
        (
            devid(false, Some(hmn()), NO_EXPIRATION, false, ds),
            R::SubjectSerialNumberMissing,
        ),
        (
            devid(
                true,
                Some(hmn()),
                NO_EXPIRATION,
                true,
                KeyUsage(ds.0 | KeyUsage::KEY_CERT_SIGN.0),
            ),
            R::IsCa,
        ),
        (
            devid(
                true,
                Some(hmn()),
                NO_EXPIRATION,
                false,
                KeyUsage::KEY_AGREEMENT,
            ),
            R::KeyUsage,
        ),
        // hwSerialNum as a UTF8String instead of an OCTET STRING.
        (
            devid(
                true,
                Some({
                    let mut v = hmn();
                    let at = v.len() - 10;
                    v[at] = tag::UTF8_STRING;
                    v
                }),
                NO_EXPIRATION,
                false,
                ds,
            ),
            R::HardwareModuleNameMalformed,
        ),
    ];
    for (der, rule) in cases {
        let cert = Certificate::from_der(&der).unwrap();
        assert_eq!(ieee8021ar::check(&cert, Kind::IDevId), Err(rule), "{rule}");
    }
}
