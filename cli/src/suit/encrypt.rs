//! `iotm suit encrypt`: encrypts a payload for a device
//! (draft-ietf-suit-firmware-encryption) and gives the
//! `SUIT_Encryption_Info` to put in the manifest's
//! `suit-parameter-encryption-info`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use iotm_crypto::{
    AeadAlg, CipherAlg, CryptoProvider as _, HashAlg, RustCryptoProvider, SignatureAlg,
};
use iotm_suit::encrypt::{KeyManagement, encrypt};
use iotm_suit::encryption::ContentCipher;

use crate::exit::CliError;
use crate::input::{BinaryInput, parse_hex, random_bytes, to_hex};

#[derive(Debug, Args)]
pub(crate) struct EncryptArgs {
    /// Wrap the content key with AES key wrap under this shared key (hex;
    /// 16, 24 or 32 bytes: A128KW, A192KW, A256KW).
    #[arg(long, value_name = "HEX", required_unless_present = "recipient")]
    kek: Option<String>,

    /// Wrap the content key for this device's P-256 public key (PEM) with
    /// ECDH-ES + A128KW.
    #[arg(long, value_name = "PEM", conflicts_with = "kek")]
    recipient: Option<PathBuf>,

    /// The key id the device finds its key by (text).
    #[arg(long)]
    kid: Option<String>,

    /// The content cipher.
    #[arg(long, value_enum, default_value = "a128gcm")]
    cipher: CipherArg,

    /// The content key in hex (default: random). For reproducible output.
    #[arg(long, value_name = "HEX")]
    cek: Option<String>,

    /// The IV in hex: 12 bytes for GCM, 16 for CTR (default: random).
    #[arg(long, value_name = "HEX")]
    iv: Option<String>,

    /// The ephemeral P-256 private key for ECDH-ES, in hex (default:
    /// random). For reproducible output.
    #[arg(long = "ephemeral-key", value_name = "HEX", requires = "recipient")]
    ephemeral_key: Option<String>,

    /// Write the ciphertext here (default: printed as hex).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Write the encoded SUIT_Encryption_Info here (default: printed as hex).
    #[arg(long = "info-out", value_name = "FILE")]
    info_out: Option<PathBuf>,

    /// The plaintext payload.
    #[command(flatten)]
    input: BinaryInput,
}

/// The content ciphers of draft-ietf-suit-firmware-encryption.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum CipherArg {
    /// AES-128-GCM (COSE 1), authenticated.
    A128gcm,
    /// AES-256-GCM (COSE 3), authenticated.
    A256gcm,
    /// AES-128-CTR (COSE -65534); integrity from the image digest.
    A128ctr,
    /// AES-256-CTR (COSE -65532); integrity from the image digest.
    A256ctr,
}

impl CipherArg {
    const fn cipher(self) -> ContentCipher {
        match self {
            Self::A128gcm => ContentCipher::Gcm(AeadAlg::Aes128Gcm),
            Self::A256gcm => ContentCipher::Gcm(AeadAlg::Aes256Gcm),
            Self::A128ctr => ContentCipher::Ctr(CipherAlg::Aes128Ctr),
            Self::A256ctr => ContentCipher::Ctr(CipherAlg::Aes256Ctr),
        }
    }
}

/// The hex option, or `len` random bytes; a given value must be `len` long.
fn given_or_random(hex: Option<&str>, len: usize, what: &str) -> Result<Vec<u8>, CliError> {
    match hex {
        Some(hex) => {
            let bytes = parse_hex(hex)?;
            if bytes.len() == len {
                Ok(bytes)
            } else {
                Err(CliError::Usage(format!(
                    "--{what} is {} bytes; this cipher needs {len}",
                    bytes.len()
                )))
            }
        }
        None => random_bytes(len),
    }
}

/// A P-256 key pair: the given scalar, or a fresh one.
fn ephemeral_key(hex: Option<&str>) -> Result<(Vec<u8>, Vec<u8>), CliError> {
    let secret = match hex {
        Some(hex) => p256::SecretKey::from_slice(&parse_hex(hex)?)
            .map_err(|_| CliError::Usage("--ephemeral-key is not a P-256 scalar".into()))?,
        // A random 32-byte string is a valid scalar with probability
        // 1 - 2^-32; draw again in the rare case it is not.
        None => loop {
            if let Ok(secret) = p256::SecretKey::from_slice(&random_bytes(32)?) {
                break secret;
            }
        },
    };
    Ok((
        secret.to_bytes().to_vec(),
        secret.public_key().to_sec1_bytes().to_vec(),
    ))
}

pub(crate) fn run(args: &EncryptArgs, json: bool) -> Result<(), CliError> {
    let plaintext = args.input.read()?;
    let cipher = args.cipher.cipher();
    let (key_len, iv_len) = match cipher {
        ContentCipher::Gcm(alg) => (alg.key_len(), alg.nonce_len()),
        ContentCipher::Ctr(alg) => (alg.key_len(), alg.iv_len()),
    };
    let cek = given_or_random(args.cek.as_deref(), key_len, "cek")?;
    let iv = given_or_random(args.iv.as_deref(), iv_len, "iv")?;
    let kid = args.kid.as_deref().map(str::as_bytes);

    let (kek, recipient, ephemeral);
    let management = match (&args.kek, &args.recipient) {
        (Some(hex), _) => {
            kek = parse_hex(hex)?;
            KeyManagement::AesKw { kek: &kek, kid }
        }
        (None, Some(path)) => {
            recipient = super::keys::read_public_key(path)?;
            if recipient.alg != SignatureAlg::EcdsaP256Sha256 {
                return Err(CliError::Usage(format!(
                    "{}: ECDH-ES needs a P-256 key",
                    path.display()
                )));
            }
            ephemeral = ephemeral_key(args.ephemeral_key.as_deref())?;
            KeyManagement::EcdhEs {
                recipient: &recipient.bytes,
                ephemeral_private: &ephemeral.0,
                ephemeral_public: &ephemeral.1,
                kid,
            }
        }
        (None, None) => return Err(CliError::Usage("give --kek or --recipient".into())),
    };
    let encrypted = encrypt(
        &RustCryptoProvider,
        &plaintext,
        cipher,
        &cek,
        &iv,
        &management,
    )
    .map_err(|rule| CliError::Usage(format!("cannot encrypt: {rule}")))?;

    let mut digest = [0u8; 32];
    RustCryptoProvider
        .digest(HashAlg::Sha256, &plaintext, &mut digest)
        .map_err(|e| CliError::Usage(format!("SHA-256 failed: {e}")))?;
    let write = |path: &PathBuf, bytes: &[u8]| {
        std::fs::write(path, bytes)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))
    };
    if let Some(path) = &args.output {
        write(path, &encrypted.ciphertext)?;
    }
    if let Some(path) = &args.info_out {
        write(path, &encrypted.info)?;
    }
    if json {
        let mut value = serde_json::Map::new();
        value.insert("plaintext_digest".into(), to_hex(&digest).into());
        value.insert("plaintext_size".into(), plaintext.len().into());
        if args.info_out.is_none() {
            value.insert("encryption_info".into(), to_hex(&encrypted.info).into());
        }
        if args.output.is_none() {
            value.insert("ciphertext".into(), to_hex(&encrypted.ciphertext).into());
        }
        println!("{}", serde_json::Value::Object(value));
    } else {
        // The manifest's image digest and size are of the plaintext: the
        // device checks them after decrypting.
        println!("plaintext digest (SHA-256): {}", to_hex(&digest));
        println!("plaintext size: {}", plaintext.len());
        if args.info_out.is_none() {
            println!("encryption info: {}", to_hex(&encrypted.info));
        }
        if args.output.is_none() {
            println!("ciphertext: {}", to_hex(&encrypted.ciphertext));
        }
    }
    Ok(())
}
