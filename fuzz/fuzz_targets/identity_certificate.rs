//! Certificate decoding for `iotm-device-identity`: whatever the bytes,
//! `Certificate::from_der` never panics, its error offsets lie inside the
//! input, and a certificate it accepts can be walked through every accessor
//! (names and their `Display`, every extension, subjectAltName, name
//! constraints, key size, the 802.1AR and Matter profile checks, name
//! matching) without a panic, with every offset and slice it hands out
//! pointing back into the input. The input is also read as PEM text when it
//! is UTF-8: every block decodes within its announced bound, and a
//! `CERTIFICATE` block is decoded and walked the same way. Any input wrapped
//! by `pem::encode` comes back out of `pem::blocks` byte for byte.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_device_identity::extension::{GeneralName, GeneralNames, GeneralSubtrees};
use iotm_device_identity::name::Name;
use iotm_device_identity::oid::ext;
use iotm_device_identity::profile::{ieee8021ar, matter};
use iotm_device_identity::verify::{ExpectedName, IpAddress, is_valid_dns_name, matches_expected};
use iotm_device_identity::{Certificate, Error, pem};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match Certificate::from_der(data) {
        Ok(cert) => walk(&cert, data),
        Err(e) => in_bounds(&e, data.len()),
    }
    if let Ok(text) = core::str::from_utf8(data) {
        pem_blocks(text);
    }
    pem_round_trip(data);
});

fn in_bounds(e: &Error, len: usize) {
    assert!(e.offset() <= len, "{e:?} beyond {len} bytes");
}

/// `inner` is a sub-slice of `outer` (same memory, not equal bytes).
fn within(inner: &[u8], outer: &[u8]) {
    if inner.is_empty() {
        return;
    }
    let (start, end) = (inner.as_ptr() as usize, outer.as_ptr() as usize);
    assert!(
        start >= end && start + inner.len() <= end + outer.len(),
        "a slice outside the input"
    );
}

/// `bytes` are found in `data` at `offset`.
fn at(data: &[u8], offset: usize, bytes: &[u8]) {
    assert_eq!(data.get(offset..offset + bytes.len()), Some(bytes));
}

fn walk(cert: &Certificate<'_>, data: &[u8]) {
    // The whole input is the certificate; every slice lies inside it.
    assert_eq!(cert.encoded, data);
    for slice in [
        cert.tbs,
        cert.serial.bytes,
        cert.signature,
        cert.signature_algorithm.encoded,
        cert.issuer.encoded,
        cert.subject.encoded,
        cert.public_key.encoded,
        cert.public_key.key,
    ] {
        within(slice, data);
    }
    let _ = (cert.serial.to_u64(), cert.serial.unsigned_bytes());
    let _ = (cert.serial.is_negative(), cert.serial.is_zero());
    let _ = cert.public_key.bits();
    let _ = format!("{:?} {:?}", cert.signature_algorithm, cert.public_key);
    let _ = format!("{} {}", cert.not_before, cert.not_after);
    let _ = (cert.not_before.to_civil(), cert.not_after.to_civil());
    let _ = (cert.is_ca(), cert.is_self_issued());
    let _ = cert.is_valid_at(cert.not_before);
    name(&cert.issuer, data);
    name(&cert.subject, data);

    if let Some(extensions) = cert.extensions {
        let mut count = 0;
        for e in extensions.iter() {
            count += 1;
            at(data, e.value_offset, e.value);
            assert!(e.offset < e.value_offset);
            let _ = e.oid.to_string();
            let _ = e.oid.arcs().count();
            // Each one is found again by its identifier.
            assert_eq!(cert.extension(e.oid.as_bytes()), Some(e));
        }
        assert!(count > 0, "extensions present but none iterated");
    } else {
        assert!(cert.extension(ext::BASIC_CONSTRAINTS).is_none());
    }
    if let Some(oid) = cert.unhandled_critical {
        assert!(cert.extension(oid.as_bytes()).is_some_and(|e| e.critical));
    }
    if let Some(ku) = cert.key_usage {
        let _ = ku.names().count();
    }
    if let Some(eku) = cert.ext_key_usage {
        for purpose in eku.iter() {
            let _ = purpose.to_string();
            assert!(eku.contains(purpose.as_bytes()));
        }
    }
    if let Some(aki) = cert.authority_key_id {
        for slice in [aki.key_id, aki.issuer, aki.serial].into_iter().flatten() {
            within(slice, data);
        }
    }
    if let Some(ski) = cert.subject_key_id {
        within(ski, data);
    }
    if let Some(san) = cert.subject_alt_name {
        general_names(&san, cert, data);
    }
    if let Some(constraints) = cert.name_constraints {
        assert!(constraints.permitted.is_some() || constraints.excluded.is_some());
        for subtrees in [constraints.permitted, constraints.excluded]
            .into_iter()
            .flatten()
        {
            subtree_bases(&subtrees, data);
        }
    }

    // The profiles read the same fields; they must never panic.
    for kind in [ieee8021ar::Kind::IDevId, ieee8021ar::Kind::LDevId] {
        if let Err(rule) = ieee8021ar::check(cert, kind) {
            let _ = rule.to_string();
        }
    }
    let _ = matter::ids(cert);
    for level in [matter::Level::Dac, matter::Level::Pai, matter::Level::Paa] {
        if let Err(e) = matter::check_certificate(cert, level) {
            let _ = e.to_string();
        }
    }
    for cn in cert.subject.common_names().filter_map(|a| a.as_str()) {
        let _ = matches_expected(cert, &ExpectedName::Dns(cn));
    }
}

fn name(name: &Name<'_>, data: &[u8]) {
    within(name.rdn_sequence(), data);
    let _ = name.to_string();
    let _ = format!("{name:?}");
    let _ = name.is_empty();
    let mut count = 0usize;
    for a in name.attributes() {
        count += 1;
        assert_eq!(data.get(a.offset), Some(&a.value_tag));
        within(a.value, data);
        let _ = (a.as_str(), a.oid.to_string(), a.same_rdn);
        assert!(name.find(a.oid.as_bytes()).is_some());
        // No name has more attributes than it has bytes.
        assert!(count <= name.rdn_sequence().len());
    }
    let _ = name.common_names().count();
}

fn general_names(san: &GeneralNames<'_>, cert: &Certificate<'_>, data: &[u8]) {
    for n in san.iter() {
        match n {
            GeneralName::Dns(dns) => {
                within(dns.as_bytes(), data);
                let _ = is_valid_dns_name(dns, true);
                let _ = matches_expected(cert, &ExpectedName::Dns(dns));
            }
            GeneralName::Ip(ip) => {
                // Checked to be 4 or 16 bytes by the decoder.
                let address = IpAddress::from_bytes(ip).expect("a SAN IP is 4 or 16 bytes");
                let text = address.to_string();
                assert!(address.canonical_text_eq(&text), "{text}");
                assert_eq!(IpAddress::parse(&text), Some(address), "{text}");
                assert!(matches_expected(cert, &ExpectedName::Ip(address)));
            }
            GeneralName::Directory(name) => {
                let _ = name.to_string();
            }
            GeneralName::OtherName { type_id, value } => {
                within(value, data);
                let _ = type_id.to_string();
            }
            GeneralName::RegisteredId(oid) => {
                let _ = oid.to_string();
            }
            GeneralName::Rfc822(s) | GeneralName::Uri(s) => within(s.as_bytes(), data),
            GeneralName::X400(b) | GeneralName::EdiParty(b) => within(b, data),
        }
    }
}

fn subtree_bases(subtrees: &GeneralSubtrees<'_>, data: &[u8]) {
    for base in subtrees.iter() {
        match base {
            GeneralName::Ip(ip) => assert!(matches!(ip.len(), 8 | 32), "{ip:?}"),
            GeneralName::Directory(name) => {
                let _ = name.to_string();
            }
            GeneralName::Dns(s) | GeneralName::Rfc822(s) | GeneralName::Uri(s) => {
                within(s.as_bytes(), data);
            }
            other => {
                let _ = format!("{other:?}");
            }
        }
    }
}

/// Every PEM block of `text`: found inside the text, decoded within its
/// bound, `decode` agreeing with `decode_into`; certificates walked.
fn pem_blocks(text: &str) {
    for block in pem::blocks(text) {
        let block = match block {
            Ok(block) => block,
            Err(e) => {
                in_bounds(&e, text.len());
                continue;
            }
        };
        assert!(block.offset < text.len());
        assert!(text[block.offset..].starts_with("-----BEGIN "));
        within(block.body.as_bytes(), text.as_bytes());
        let mut buf = vec![0u8; block.decoded_len_bound()];
        let decoded = block.decode_into(&mut buf).map(<[u8]>::to_vec);
        assert_eq!(decoded, block.decode());
        let Ok(der) = decoded else { continue };
        if block.label == "CERTIFICATE" {
            if let Ok(cert) = Certificate::from_der(&der) {
                walk(&cert, &der);
            }
        }
    }
}

/// `pem::encode` then `pem::blocks` gives back the bytes and the label.
fn pem_round_trip(data: &[u8]) {
    let text = pem::encode("CERTIFICATE", data);
    let mut blocks = pem::blocks(&text);
    let block = blocks.next().expect("one block").expect("a valid block");
    assert_eq!(block.label, "CERTIFICATE");
    assert_eq!(block.offset, 0);
    assert_eq!(block.decode().expect("decodes"), data);
    assert!(blocks.next().is_none());
}
