//! PEM (RFC 7468): finding `-----BEGIN label-----` blocks in text and
//! decoding their base64 into a caller's buffer, without an allocator.

use crate::rule::{Error, Rule};

/// One PEM block: its label and its base64 body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<'a> {
    /// The label (`CERTIFICATE`, `X509 CRL`, `CERTIFICATE REQUEST`, ...).
    pub label: &'a str,
    /// The base64 lines between the boundaries.
    pub body: &'a str,
    /// Byte offset of the BEGIN line in the text.
    pub offset: usize,
}

impl Block<'_> {
    /// The decoded length (an upper bound before padding is seen).
    pub fn decoded_len_bound(&self) -> usize {
        self.body.len() / 4 * 3 + 3
    }

    /// Decodes the body into `out`, returning the bytes written.
    ///
    /// # Errors
    /// [`Rule::InvalidPem`] for a character outside base64, bad padding,
    /// or an `out` too short.
    pub fn decode_into<'o>(&self, out: &'o mut [u8]) -> Result<&'o [u8], Error> {
        let bad = || Error::malformed(Rule::InvalidPem, self.offset);
        let mut acc: u32 = 0;
        let mut bits = 0u32;
        let mut written = 0usize;
        let mut padding = 0usize;
        for c in self.body.bytes() {
            let value = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                b'=' => {
                    padding += 1;
                    continue;
                }
                b' ' | b'\t' | b'\r' | b'\n' => continue,
                _ => return Err(bad()),
            };
            if padding > 0 {
                return Err(bad());
            }
            acc = (acc << 6) | u32::from(value);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                let byte = u8::try_from((acc >> bits) & 0xff).map_err(|_| bad())?;
                *out.get_mut(written).ok_or_else(bad)? = byte;
                written += 1;
            }
        }
        // Leftover bits must be zero padding and match the '=' count.
        let expected_padding = match bits {
            0 => 0,
            4 => 2,
            2 => 1,
            _ => return Err(bad()),
        };
        if padding != expected_padding || acc & ((1 << bits) - 1) != 0 {
            return Err(bad());
        }
        out.get(..written).ok_or_else(bad)
    }

    /// Decodes the body into a new vector.
    ///
    /// # Errors
    /// As [`Block::decode_into`].
    #[cfg(feature = "alloc")]
    pub fn decode(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        let mut out = alloc::vec![0u8; self.decoded_len_bound()];
        let len = self.decode_into(&mut out)?.len();
        out.truncate(len);
        Ok(out)
    }
}

/// `der` as a PEM block with `label`, base64 in 64-character lines
/// (RFC 7468 §2).
#[cfg(feature = "alloc")]
pub fn encode(label: &str, der: &[u8]) -> alloc::string::String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut body = alloc::vec::Vec::with_capacity(der.len().div_ceil(3) * 4);
    for chunk in der.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            let c = if i <= chunk.len() {
                let index = usize::try_from((n >> (18 - 6 * i)) & 63).unwrap_or(0);
                ALPHABET.get(index).copied().unwrap_or(b'A')
            } else {
                b'='
            };
            body.push(c);
        }
    }
    let mut out = alloc::format!("-----BEGIN {label}-----\n");
    for line in body.chunks(64) {
        out.push_str(core::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&alloc::format!("-----END {label}-----\n"));
    out
}

/// The PEM blocks of `text` in order; text outside blocks is ignored (as
/// OpenSSL does with explanatory text).
pub fn blocks(text: &str) -> Blocks<'_> {
    Blocks { text, pos: 0 }
}

/// An iterator over PEM blocks.
#[derive(Clone, Debug)]
pub struct Blocks<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Blocks<'a> {
    type Item = Result<Block<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        const BEGIN: &str = "-----BEGIN ";
        let rest = self.text.get(self.pos..)?;
        let start = self.pos + rest.find(BEGIN)?;
        let offset = start;
        let bad = Error::malformed(Rule::InvalidPem, offset);
        let after_begin = start + BEGIN.len();
        let Some(label_len) = self.text.get(after_begin..).and_then(|t| t.find("-----")) else {
            self.pos = self.text.len();
            return Some(Err(bad));
        };
        let label = self.text.get(after_begin..after_begin + label_len)?;
        let body_start = after_begin + label_len + 5;
        let end_marker_owned_len = "-----END ".len() + label.len() + 5;
        let Some(end_rel) = self.text.get(body_start..).and_then(|t| {
            let mut search = t;
            let mut base = 0;
            // Find "-----END {label}-----".
            loop {
                let at = search.find("-----END ")?;
                let candidate = search.get(at + 9..)?;
                if candidate.starts_with(label)
                    && candidate.get(label.len()..)?.starts_with("-----")
                {
                    return Some(base + at);
                }
                base += at + 9;
                search = search.get(at + 9..)?;
            }
        }) else {
            self.pos = self.text.len();
            return Some(Err(bad));
        };
        let body = self.text.get(body_start..body_start + end_rel)?;
        self.pos = body_start + end_rel + end_marker_owned_len;
        Some(Ok(Block {
            label,
            body,
            offset,
        }))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;
    extern crate alloc;
    use alloc::vec::Vec;

    #[test]
    fn rfc7468_blocks_decode_and_bad_base64_is_rejected() {
        let text = "junk\n-----BEGIN X-----\nTWFu\nTQ==\n-----END X-----\n-----BEGIN Y-----\nTWE=\n-----END Y-----\n";
        let found: Vec<_> = blocks(text).map(Result::unwrap).collect();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].label, "X");
        let mut buf = [0u8; 16];
        assert_eq!(found[0].decode_into(&mut buf).unwrap(), b"ManM");
        assert_eq!(found[1].decode_into(&mut buf).unwrap(), b"Ma");
        let bad = blocks("-----BEGIN X-----\nTW!u\n-----END X-----")
            .next()
            .unwrap()
            .unwrap();
        assert!(bad.decode_into(&mut buf).is_err());
        let unterminated = blocks("-----BEGIN X-----\nTWFu\n").next().unwrap();
        assert!(unterminated.is_err());
        #[cfg(feature = "alloc")]
        for len in 0u8..70 {
            let der: Vec<u8> = (0..len).map(|i: u8| i).collect();
            let text = encode("X", &der);
            let block = blocks(&text).next().unwrap().unwrap();
            assert_eq!(block.decode().unwrap(), der);
        }
        let mut small = [0u8; 2];
        assert!(found[0].decode_into(&mut small).is_err());
    }
}
