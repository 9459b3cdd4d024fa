//! Firmware encryption (draft-ietf-suit-firmware-encryption): published
//! encrypted payloads decrypt while processed, and payloads encrypted here
//! decrypt on the device.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

mod common;

#[allow(clippy::wildcard_imports, reason = "the shared test prelude")]
use common::process::*;

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_aes_kw_gcm_content_is_decrypted_while_written() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expAW.suit");
    with_keys(&mut d);
    run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap();
    assert_eq!(d.components.values().next().unwrap(), PLAINTEXT);
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_ecdh_es_gcm_content_is_decrypted_while_written() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expEW.suit");
    with_keys(&mut d);
    run(&bytes, Auth::P256, Procedure::Update, &mut d)
        .1
        .unwrap();
    assert_eq!(d.components.values().next().unwrap(), PLAINTEXT);
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_a_fetched_ciphertext_is_decrypted_by_copy() {
    for name in [
        "libcsuit/suit_manifest_expAF.suit",
        "libcsuit/suit_manifest_expAFS.suit",
    ] {
        let (bytes, mut d) = vector_device(name);
        with_keys(&mut d);
        // The ciphertext of this encryption info: expAW carries it as
        // content (libcsuit's encrypted_image_aes.bin belongs to its own
        // encryption_info_aes.cose, tested below).
        d.remote.insert(
            "coaps://example.com/encrypted-firmware".into(),
            common::hex(AW_CIPHERTEXT),
        );
        run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
            .1
            .unwrap();
        let contents: Vec<&Vec<u8>> = d.components.values().collect();
        assert!(contents.iter().any(|c| c.as_slice() == PLAINTEXT), "{name}");
        assert!(
            contents.iter().any(|c| c.len() == 46),
            "{name}: the ciphertext stays"
        );
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_the_wrong_key_or_no_key_is_refused() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expAW.suit");
    let abort = run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap_err();
    assert_eq!(
        (abort.reason, abort.rule),
        (Reason::Unauthorised, Some(Rule::UnknownKey))
    );
    d.decryption_keys.push((-3, None, vec![b'b'; 16]));
    let abort = run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap_err();
    assert_eq!(
        (abort.reason, abort.rule),
        (Reason::Unauthorised, Some(Rule::AuthenticationFailed))
    );
    assert!(d.components.values().all(Vec::is_empty), "nothing written");
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_every_published_encryption_info_decrypts_its_payload() {
    // The four SUIT_Encryption_Info of the draft (AES-KW and ECDH-ES, each
    // with AES-GCM and AES-CTR), written through a manifest of our own.
    for variant in [
        "aes-kw-aes-gcm",
        "aes-kw-aes-ctr",
        "es-ecdh-aes-gcm",
        "es-ecdh-aes-ctr",
    ] {
        let info = common::read(&format!(
            "firmware-encryption/suit-encryption-info-{variant}.cbor"
        ));
        let payload = common::read(&format!(
            "firmware-encryption/encrypted-payload-{variant}.cbor"
        ));
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let bytes = manifest(
            "",
            &format!(
                "20, {{18: h'{}', 19: h'{}'}}, 18, 0",
                hex(&payload),
                hex(&info)
            ),
        );
        let mut d = device();
        with_keys(&mut d);
        install_bytes(&bytes, &mut d).unwrap_or_else(|a| panic!("{variant}: {a:?}"));
        assert_eq!(d.components[C0], PLAINTEXT, "{variant}");
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_libcsuit_encryption_infos_decrypt_its_images() {
    for (info, payload, plaintext) in [
        (
            "encryption_info_aes.cose",
            "encrypted_image_aes.bin",
            "raw_image.bin",
        ),
        (
            "encryption_info_esdh.cose",
            "encrypted_image_esdh.bin",
            "raw_image.bin",
        ),
        (
            "encryption_info_config_aes.cose",
            "encrypted_config_aes.bin",
            "config.json",
        ),
        (
            "encryption_info_config_esdh.cose",
            "encrypted_config_esdh.bin",
            "config.json",
        ),
    ] {
        let name = info;
        let info = common::read(&format!("libcsuit/{info}"));
        let payload = common::read(&format!("libcsuit/{payload}"));
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let bytes = manifest(
            "",
            &format!(
                "20, {{18: h'{}', 19: h'{}'}}, 18, 0",
                hex(&payload),
                hex(&info)
            ),
        );
        let mut d = device();
        with_keys(&mut d);
        // libcsuit names its AES key by a thumbprint, not 'kid-1'.
        d.decryption_keys.push((-3, None, vec![b'a'; 16]));
        install_bytes(&bytes, &mut d).unwrap_or_else(|a| panic!("{name}: {a:?}"));
        assert_eq!(
            d.components[C0],
            common::read(&format!("libcsuit/{plaintext}")),
            "{name}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_a_fetched_payload_is_decrypted_in_place() {
    for variant in ["aes-kw-aes-ctr", "aes-kw-aes-gcm"] {
        let info = common::read(&format!(
            "firmware-encryption/suit-encryption-info-{variant}.cbor"
        ));
        let payload = common::read(&format!(
            "firmware-encryption/encrypted-payload-{variant}.cbor"
        ));
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let bytes = manifest(
            "",
            &format!("20, {{21: \"uri-enc\", 19: h'{}'}}, 21, 0", hex(&info)),
        );
        let mut d = device();
        with_keys(&mut d);
        d.remote.insert("uri-enc".into(), payload);
        d.pending_rounds = 1;
        let (pending, result) = run(&bytes, Auth::Hmac, Procedure::Update, &mut d);
        result.unwrap_or_else(|a| panic!("{variant}: {a:?}"));
        assert_eq!(
            (pending, &d.components[C0][..]),
            (1, PLAINTEXT),
            "{variant}"
        );
    }
}

#[test]
fn fe_payloads_encrypted_here_decrypt_on_the_device() {
    use iotm_suit::encrypt::{A128CTR, A128GCM, KeyManagement, encrypt};
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let plaintext = b"a firmware image of a few hundred bytes, ".repeat(9);
    let cek = [0x11u8; 16];
    let kek = [b'a'; 16];
    let device_private = common::hex(ECDH_PRIVATE);
    let device_public = [
        &[0x04][..],
        &common::hex("5886CD61DD875862E5AAA820E7A15274C968A9BC96048DDCACE32F50C3651BA3"),
        &common::hex("9EED8125E932CD60C0EAD3650D0A485CF726D378D1B016ED4298B2961E258F1B"),
    ]
    .concat();
    // An ephemeral key pair, as a host would draw one.
    let ephemeral = p256::SecretKey::from_slice(&[0x42; 32]).unwrap();
    let ephemeral_private = ephemeral.to_bytes().to_vec();
    // Its public half, uncompressed.
    let ephemeral_public = ephemeral.public_key().to_sec1_bytes();
    assert_eq!(ephemeral_public.len(), 65, "uncompressed SEC1");
    let ephemeral_public = &ephemeral_public[..];
    let recipients = [
        KeyManagement::AesKw {
            kek: &kek,
            kid: Some(b"kid-1"),
        },
        KeyManagement::EcdhEs {
            recipient: &device_public,
            ephemeral_private: &ephemeral_private,
            ephemeral_public,
            kid: Some(b"kid-2"),
        },
    ];
    for recipient in &recipients {
        for (cipher, iv) in [(A128GCM, vec![7u8; 12]), (A128CTR, vec![0xffu8; 16])] {
            let sealed = encrypt(
                &RustCryptoProvider,
                &plaintext,
                cipher,
                &cek,
                &iv,
                recipient,
            )
            .unwrap();
            assert_ne!(&sealed.ciphertext[..plaintext.len()], &plaintext[..]);
            let bytes = manifest(
                "",
                &format!(
                    "20, {{18: h'{}', 19: h'{}'}}, 18, 0",
                    hex(&sealed.ciphertext),
                    hex(&sealed.info)
                ),
            );
            let mut d = device();
            with_keys(&mut d);
            d.decryption_keys.push((-29, None, device_private.clone()));
            install_bytes(&bytes, &mut d)
                .unwrap_or_else(|a| panic!("{recipient:?} {cipher:?}: {a:?}"));
            assert_eq!(d.components[C0], plaintext, "{recipient:?} {cipher:?}");
        }
    }
}
