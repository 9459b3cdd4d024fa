//! Key files for `iotm suit`: PEM public keys (SubjectPublicKeyInfo) and
//! private keys (PKCS#8, SEC1), of which the public half is used.

use std::path::Path;

use ed25519_dalek::pkcs8::{DecodePrivateKey as _, DecodePublicKey as _};
use iotm_crypto::SignatureAlg;

use crate::exit::CliError;

/// A public key read from a file, in the encoding the crypto provider takes.
#[derive(Debug)]
pub(crate) struct PublicKey {
    pub(crate) alg: SignatureAlg,
    pub(crate) bytes: Vec<u8>,
}

/// A private key read from a file, with its public half.
pub(crate) struct PrivateKey {
    pub(crate) alg: SignatureAlg,
    pub(crate) private: Vec<u8>,
    pub(crate) public: Vec<u8>,
}

/// Reads the first P-256 or Ed25519 private key of a PEM file.
pub(crate) fn read_private_key(path: &Path) -> Result<PrivateKey, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
    private_key_from_pem(&text).ok_or_else(|| {
        CliError::Usage(format!(
            "{}: no P-256 or Ed25519 private key in it (PEM PRIVATE KEY or EC PRIVATE KEY)",
            path.display()
        ))
    })
}

/// The first private key in `text` this tool knows.
pub(crate) fn private_key_from_pem(text: &str) -> Option<PrivateKey> {
    use p256::pkcs8::DecodePrivateKey as _;
    let p256_key = |k: p256::SecretKey| PrivateKey {
        alg: SignatureAlg::EcdsaP256Sha256,
        private: k.to_bytes().to_vec(),
        public: k.public_key().to_sec1_bytes().to_vec(),
    };
    pem_blocks(text).find_map(|(label, block)| match label {
        "PRIVATE KEY" => p256::SecretKey::from_pkcs8_pem(block)
            .ok()
            .map(p256_key)
            .or_else(|| {
                ed25519_dalek::SigningKey::from_pkcs8_pem(block)
                    .ok()
                    .map(|k| PrivateKey {
                        alg: SignatureAlg::Ed25519,
                        private: k.to_bytes().to_vec(),
                        public: k.verifying_key().to_bytes().to_vec(),
                    })
            }),
        "EC PRIVATE KEY" => p256::SecretKey::from_sec1_pem(block)
            .ok()
            .or_else(|| {
                p256::SecretKey::from_pkcs8_pem(&block.replace("EC PRIVATE KEY", "PRIVATE KEY"))
                    .ok()
            })
            .map(p256_key),
        _ => None,
    })
}

/// Reads the first P-256 or Ed25519 key of a PEM file.
pub(crate) fn read_public_key(path: &Path) -> Result<PublicKey, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
    public_key_from_pem(&text).ok_or_else(|| {
        CliError::Usage(format!(
            "{}: no P-256 or Ed25519 key in it (PEM PUBLIC KEY, PRIVATE KEY or EC PRIVATE KEY)",
            path.display()
        ))
    })
}

/// The public half of the first key in `text` this tool knows.
pub(crate) fn public_key_from_pem(text: &str) -> Option<PublicKey> {
    pem_blocks(text).find_map(|(label, block)| match label {
        "PUBLIC KEY" => p256_public(block).or_else(|| ed25519_public(block)),
        "PRIVATE KEY" => p256_private(block).or_else(|| ed25519_private(block)),
        "EC PRIVATE KEY" => p256::SecretKey::from_sec1_pem(block)
            .ok()
            .map(|k| p256_key(&k.public_key()))
            // Some tools (libcsuit's test keys among them) put PKCS#8 under
            // this label; OpenSSL reads those, so this tool does too.
            .or_else(|| p256_private(&block.replace("EC PRIVATE KEY", "PRIVATE KEY"))),
        _ => None,
    })
}

fn p256_key(public: &p256::PublicKey) -> PublicKey {
    PublicKey {
        alg: SignatureAlg::EcdsaP256Sha256,
        bytes: public.to_sec1_bytes().to_vec(),
    }
}

fn p256_public(block: &str) -> Option<PublicKey> {
    use p256::pkcs8::DecodePublicKey as _;
    p256::PublicKey::from_public_key_pem(block)
        .ok()
        .map(|k| p256_key(&k))
}

fn p256_private(block: &str) -> Option<PublicKey> {
    use p256::pkcs8::DecodePrivateKey as _;
    p256::SecretKey::from_pkcs8_pem(block)
        .ok()
        .map(|k| p256_key(&k.public_key()))
}

fn ed25519_public(block: &str) -> Option<PublicKey> {
    ed25519_dalek::VerifyingKey::from_public_key_pem(block)
        .ok()
        .map(|k| PublicKey {
            alg: SignatureAlg::Ed25519,
            bytes: k.to_bytes().to_vec(),
        })
}

fn ed25519_private(block: &str) -> Option<PublicKey> {
    ed25519_dalek::SigningKey::from_pkcs8_pem(block)
        .ok()
        .map(|k| PublicKey {
            alg: SignatureAlg::Ed25519,
            bytes: k.verifying_key().to_bytes().to_vec(),
        })
}

/// The PEM blocks of `text`: label and the whole block, armour included.
fn pem_blocks(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let begin = rest.find("-----BEGIN ")?;
        let after = rest.get(begin + 11..)?;
        let label_end = after.find("-----")?;
        let label = after.get(..label_end)?;
        let end_marker = format!("-----END {label}-----");
        let end = rest.get(begin..)?.find(&end_marker)? + begin + end_marker.len();
        let block = rest.get(begin..end)?;
        rest = rest.get(end..)?;
        Some((label, block))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_split_by_their_armour() {
        let text = "junk\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n\
                    -----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        let labels: Vec<_> = pem_blocks(text).map(|(l, _)| l).collect();
        assert_eq!(labels, ["EC PARAMETERS", "PUBLIC KEY"]);
    }
}
