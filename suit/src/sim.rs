//! A simulated device for tests, the CLI's `iotm suit process` and trying
//! manifests out: components in memory, remote images in a map, a trace of
//! every operation.

use alloc::borrow::ToOwned;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::ComponentId;
use crate::process::{Identifier, Platform, PlatformError, Progress};

/// A device in memory. Components are keyed by their encoded identifier.
#[derive(Clone, Debug, Default)]
pub struct SimulatedDevice {
    /// Component contents; a component exists when it has an entry.
    pub components: BTreeMap<Vec<u8>, Vec<u8>>,
    /// Identifiers the device asserts for every component.
    pub identifiers: Vec<(Identifier, Vec<u8>)>,
    /// What fetching a URI yields ("the network").
    pub remote: BTreeMap<String, Vec<u8>>,
    /// The slot each component may be written to (`component-slot`).
    pub slots: BTreeMap<Vec<u8>, u64>,
    /// Installed versions (`condition-version`).
    pub versions: BTreeMap<Vec<u8>, Vec<i64>>,
    /// Seconds since 1970, if the device has a clock.
    pub now: Option<u64>,
    /// Battery energy in mWh.
    pub battery_mwh: Option<u64>,
    /// Whether the application authorises updates.
    pub authorized: bool,
    /// The installed manifest's sequence number.
    pub sequence_number: Option<u64>,
    /// The version of the installed component set (`suit-set-version`),
    /// recorded when an update completes.
    pub set_version: Option<Vec<i64>>,
    /// The encoded `SUIT_Component_Metadata` last applied to each component
    /// (`suit-parameter-component-metadata`), by encoded identifier.
    pub metadata: BTreeMap<Vec<u8>, Vec<u8>>,
    /// Keys for encrypted payloads: algorithm (-3 A128KW, -29
    /// ECDH-ES+A128KW, …), key id (`None` for any) and the key.
    pub decryption_keys: Vec<(i64, Option<Vec<u8>>, Vec<u8>)>,
    /// How many times each fetch, copy, invoke and wait answers `Pending`
    /// before it is done (to exercise resumption).
    pub pending_rounds: u32,
    /// Rounds left for the operation under way.
    rounds_left: Option<u32>,
    /// Every operation, in order, as a line of text.
    pub trace: Vec<String>,
}

impl SimulatedDevice {
    /// A device with the given components (empty).
    pub fn with_components<'c>(components: impl IntoIterator<Item = ComponentId<'c>>) -> Self {
        let mut device = Self::default();
        for component in components {
            device
                .components
                .insert(component.encoded().to_vec(), Vec::new());
        }
        device
    }

    /// The content of a component.
    pub fn component(&self, component: &ComponentId<'_>) -> Option<&[u8]> {
        self.components.get(component.encoded()).map(Vec::as_slice)
    }

    fn content(&mut self, component: &ComponentId<'_>) -> Result<&mut Vec<u8>, PlatformError> {
        self.components
            .get_mut(component.encoded())
            .ok_or(PlatformError::UnknownComponent)
    }

    /// `Pending` for `pending_rounds` calls, then `Done`.
    fn asynchronous(&mut self) -> Progress {
        let left = self.rounds_left.get_or_insert(self.pending_rounds);
        if *left == 0 {
            self.rounds_left = None;
            Progress::Done
        } else {
            *left -= 1;
            Progress::Pending
        }
    }
}

impl Platform for SimulatedDevice {
    fn has_component(&mut self, component: &ComponentId<'_>) -> bool {
        self.components.contains_key(component.encoded())
    }

    fn identifier_matches(
        &mut self,
        component: &ComponentId<'_>,
        kind: Identifier,
        value: &[u8],
    ) -> bool {
        let matched = self
            .identifiers
            .iter()
            .any(|(k, v)| *k == kind && v == value);
        self.trace.push(format!(
            "check {kind:?} identifier of {component}: {matched}"
        ));
        matched
    }

    fn component_len(&mut self, component: &ComponentId<'_>) -> Result<u64, PlatformError> {
        let len = self.content(component)?.len();
        u64::try_from(len).map_err(|_| PlatformError::Storage)
    }

    fn read(
        &mut self,
        component: &ComponentId<'_>,
        offset: u64,
        buf: &mut [u8],
    ) -> Result<usize, PlatformError> {
        let content = self.content(component)?;
        let start = usize::try_from(offset).map_err(|_| PlatformError::Storage)?;
        let available = content.get(start..).unwrap_or_default();
        let n = available.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        Ok(n)
    }

    fn begin_write(&mut self, component: &ComponentId<'_>) -> Result<(), PlatformError> {
        self.content(component)?.clear();
        Ok(())
    }

    fn write(
        &mut self,
        component: &ComponentId<'_>,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), PlatformError> {
        let content = self.content(component)?;
        let start = usize::try_from(offset).map_err(|_| PlatformError::Storage)?;
        let end = start + bytes.len();
        if content.len() < end {
            content.resize(end, 0);
        }
        if let Some(dst) = content.get_mut(start..end) {
            dst.copy_from_slice(bytes);
        }
        self.trace
            .push(format!("write {} bytes to {component}", bytes.len()));
        Ok(())
    }

    fn fetch(
        &mut self,
        component: &ComponentId<'_>,
        uri: &str,
        _: Option<&[u8]>,
    ) -> Result<Progress, PlatformError> {
        let image = self
            .remote
            .get(uri)
            .cloned()
            .ok_or(PlatformError::Transfer)?;
        if self.asynchronous() == Progress::Pending {
            self.trace
                .push(format!("fetch {uri} into {component}: pending"));
            return Ok(Progress::Pending);
        }
        *self.content(component)? = image;
        self.trace.push(format!("fetch {uri} into {component}"));
        Ok(Progress::Done)
    }

    fn copy(
        &mut self,
        destination: &ComponentId<'_>,
        source: &ComponentId<'_>,
    ) -> Result<Progress, PlatformError> {
        let image = self.content(source)?.clone();
        self.content(destination)?;
        if self.asynchronous() == Progress::Pending {
            return Ok(Progress::Pending);
        }
        *self.content(destination)? = image;
        self.trace.push(format!("copy {source} to {destination}"));
        Ok(Progress::Done)
    }

    fn swap(
        &mut self,
        component: &ComponentId<'_>,
        source: &ComponentId<'_>,
    ) -> Result<Progress, PlatformError> {
        let a = self.content(component)?.clone();
        let b = core::mem::replace(self.content(source)?, a);
        *self.content(component)? = b;
        self.trace.push(format!("swap {component} and {source}"));
        Ok(Progress::Done)
    }

    fn unlink(&mut self, component: &ComponentId<'_>) -> Result<(), PlatformError> {
        self.content(component)?.clear();
        self.trace.push(format!("unlink {component}"));
        Ok(())
    }

    fn component_slot(&mut self, component: &ComponentId<'_>, slot: u64) -> bool {
        self.slots.get(component.encoded()) == Some(&slot)
    }

    fn invoke(
        &mut self,
        component: &ComponentId<'_>,
        arguments: Option<&[u8]>,
    ) -> Result<Progress, PlatformError> {
        self.content(component)?;
        if self.asynchronous() == Progress::Pending {
            return Ok(Progress::Pending);
        }
        let arguments = arguments.map_or_else(String::new, |a| {
            format!(" with {}", String::from_utf8_lossy(a))
        });
        self.trace.push(format!("invoke {component}{arguments}"));
        Ok(Progress::Done)
    }

    fn wait(&mut self, component: &ComponentId<'_>, _: &[u8]) -> Result<Progress, PlatformError> {
        if self.asynchronous() == Progress::Pending {
            return Ok(Progress::Pending);
        }
        self.trace.push(format!("wait for {component}"));
        Ok(Progress::Done)
    }

    fn now(&mut self) -> Option<u64> {
        self.now
    }

    fn battery_mwh(&mut self) -> Option<u64> {
        self.battery_mwh
    }

    fn update_authorized(&mut self, priority: i64) -> bool {
        self.trace.push(format!(
            "authorise update of priority {priority}: {}",
            self.authorized
        ));
        self.authorized
    }

    fn component_version(&mut self, component: &ComponentId<'_>, out: &mut [i64]) -> Option<usize> {
        let version = self.versions.get(component.encoded())?;
        let n = version.len().min(out.len());
        out.get_mut(..n)?.copy_from_slice(version.get(..n)?);
        Some(n)
    }

    fn decryption_key(
        &mut self,
        algorithm: i64,
        kid: Option<&[u8]>,
        out: &mut [u8],
    ) -> Option<usize> {
        let (_, _, key) = self.decryption_keys.iter().find(|(alg, k, _)| {
            // A key id on either side narrows the choice; none on one side
            // leaves the key a candidate.
            *alg == algorithm && (k.is_none() || kid.is_none() || k.as_deref() == kid)
        })?;
        out.get_mut(..key.len())?.copy_from_slice(key);
        Some(key.len())
    }

    fn sequence_number(&mut self) -> Option<u64> {
        self.sequence_number
    }

    fn store_sequence_number(&mut self, sequence_number: u64) {
        self.sequence_number = Some(sequence_number);
        self.trace
            .push(format!("store sequence number {sequence_number}"));
    }

    fn set_version(&mut self, version: &[i64]) -> Result<(), PlatformError> {
        self.set_version = Some(version.to_vec());
        self.trace.push(format!("set version {version:?}"));
        Ok(())
    }

    fn apply_metadata(
        &mut self,
        component: &ComponentId<'_>,
        metadata: &[u8],
    ) -> Result<(), PlatformError> {
        self.content(component)?;
        self.metadata
            .insert(component.encoded().to_vec(), metadata.to_vec());
        self.trace.push(format!(
            "apply {} bytes of metadata to {component}",
            metadata.len()
        ));
        Ok(())
    }
}

impl SimulatedDevice {
    /// Adds a component by its encoded identifier.
    pub fn add_component(&mut self, encoded: &[u8]) {
        self.components.entry(encoded.to_owned()).or_default();
    }
}
