//! The conditions (§8.4.9 and the update-management draft).

#[allow(clippy::wildcard_imports, reason = "the processor's own parts")]
use super::*;

/// Whether the component holds exactly `content`, compared without an early
/// exit (§8.4.9.6: constant time).
pub(super) fn content_equals<P: Platform + ?Sized>(
    platform: &mut P,
    component: &ComponentId<'_>,
    content: &[u8],
) -> bool {
    let Ok(len) = platform.component_len(component) else {
        return false;
    };
    if u64::try_from(content.len()).ok() != Some(len) {
        return false;
    }
    let mut difference = 0u8;
    let mut buf = [0u8; CHUNK];
    let mut offset = 0u64;
    for expected in content.chunks(CHUNK) {
        let Some(chunk) = buf.get_mut(..expected.len()) else {
            return false;
        };
        match platform.read(component, offset, chunk) {
            Ok(n) if n == expected.len() => {
                difference |= chunk
                    .iter()
                    .zip(expected)
                    .fold(0, |acc, (a, b)| acc | (a ^ b));
            }
            _ => return false,
        }
        offset += u64::try_from(expected.len()).unwrap_or(u64::MAX);
    }
    difference == 0
}

impl<'a, 'b, const N: usize> Processor<'a, 'b, N> {
    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    pub(super) fn condition<P, C>(
        &self,
        condition: Condition,
        component: &ComponentId<'a>,
        params: &ComponentParameters<'a>,
        index: u64,
        offset: usize,
        platform: &mut P,
        crypto: &C,
    ) -> Result<bool, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        let identifier = |platform: &mut P, kind, value: Option<&[u8]>| {
            value.is_some_and(|v| platform.identifier_matches(component, kind, v))
        };
        Ok(match condition {
            Condition::VendorIdentifier => {
                identifier(platform, Identifier::Vendor, params.vendor_identifier)
            }
            Condition::ClassIdentifier => {
                identifier(platform, Identifier::Class, params.class_identifier)
            }
            Condition::DeviceIdentifier => {
                identifier(platform, Identifier::Device, params.device_identifier)
            }
            Condition::ImageMatch | Condition::ImageNotMatch => {
                let Some(digest) = params.image_digest else {
                    // An unset parameter fails the condition (§8.4.9).
                    return Ok(false);
                };
                let matches = self.image_matches(
                    component,
                    &digest,
                    params.image_size,
                    index,
                    offset,
                    platform,
                    crypto,
                )?;
                matches == (condition == Condition::ImageMatch)
            }
            Condition::ComponentSlot => params
                .component_slot
                .is_some_and(|slot| platform.component_slot(component, slot)),
            Condition::CheckContent => params
                .content
                .is_some_and(|content| content_equals(platform, component, content)),
            Condition::Abort => false,
            Condition::UseBefore => params
                .use_before
                .zip(platform.now())
                .is_some_and(|(limit, now)| now < limit),
            Condition::MinimumBattery => params
                .minimum_battery
                .zip(platform.battery_mwh())
                .is_some_and(|(minimum, left)| left >= minimum),
            Condition::UpdateAuthorized => params
                .update_priority
                .is_some_and(|priority| platform.update_authorized(priority)),
            Condition::Version => {
                params
                    .version
                    .and_then(version::parse)
                    .is_some_and(|(comparison, wanted, len)| {
                        let mut actual = [0i64; version::MAX_VERSION_LEN];
                        platform
                            .component_version(component, &mut actual)
                            .is_some_and(|n| {
                                version::satisfies(
                                    version::compare(
                                        actual.get(..n).unwrap_or_default(),
                                        wanted.get(..len).unwrap_or_default(),
                                    ),
                                    comparison,
                                )
                            })
                    })
            }
            Condition::IsDependency => self.is_dependency(index),
            _ => {
                return Err(self.abort(
                    Reason::CommandUnsupported,
                    offset,
                    Some(index),
                    Some(condition.id()),
                ));
            }
        })
    }

    /// Hashes the component (its first `size` bytes, or all of it) and
    /// compares with `digest`.
    #[allow(clippy::too_many_arguments, reason = "the command's whole context")]
    pub(super) fn image_matches<P, C>(
        &self,
        component: &ComponentId<'a>,
        digest: &Digest<'a>,
        size: Option<u64>,
        index: u64,
        offset: usize,
        platform: &mut P,
        crypto: &C,
    ) -> Result<bool, Abort>
    where
        P: Platform + ?Sized,
        C: CryptoProvider + ?Sized,
    {
        let unsupported = || {
            self.abort(
                Reason::AlgorithmUnsupported,
                offset,
                Some(index),
                Some(crate::label::command::IMAGE_MATCH),
            )
            .with_rule(Rule::UnsupportedDigestAlgorithm(digest.algorithm))
        };
        let alg = digest.hash_alg().ok_or_else(unsupported)?;
        let mut hasher = crypto.hasher(alg).map_err(|_| unsupported())?;
        let Ok(stored) = platform.component_len(component) else {
            return Ok(false);
        };
        let len = size.unwrap_or(stored);
        if stored < len {
            return Ok(false);
        }
        let mut buf = [0u8; CHUNK];
        let mut done = 0u64;
        while done < len {
            let want = usize::try_from(len - done).unwrap_or(CHUNK).min(CHUNK);
            let Some(chunk) = buf.get_mut(..want) else {
                return Ok(false);
            };
            match platform.read(component, done, chunk) {
                Ok(n) if n == want => hasher.update(chunk),
                _ => return Ok(false),
            }
            done += u64::try_from(want).unwrap_or(u64::MAX);
        }
        let mut out = [0u8; MAX_DIGEST_LEN];
        let n = hasher.finish(&mut out).map_err(|_| unsupported())?;
        Ok(out.get(..n) == Some(digest.bytes))
    }
}
