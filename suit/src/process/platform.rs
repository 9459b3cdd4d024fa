//! What the processor asks of the device: its identity, its component
//! storage, its clock and power, and the operations directives perform.
//!
//! Every method has a default that reports the capability as absent, so a
//! bootloader implements only what its manifests use.

use crate::ComponentId;

/// The identifiers a device asserts per component (§8.4.8.2–§8.4.8.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Identifier {
    /// `vendor-identifier`: a UUID, or the bytes of a `cbor-pen`.
    Vendor,
    /// `class-identifier`: a UUID.
    Class,
    /// `device-identifier`: a UUID.
    Device,
}

/// How far an operation got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Finished.
    Done,
    /// Still running (a download, a flash erase, a wait): the processor
    /// returns [`Status::Pending`](crate::Status::Pending) and, when run
    /// again, asks for the same operation, to which the platform answers
    /// `Done` once it has completed.
    Pending,
}

/// Why the platform could not do what a directive asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PlatformError {
    /// The platform does not offer this operation.
    Unsupported,
    /// The component is not one the platform has.
    UnknownComponent,
    /// Storage failed or is too small.
    Storage,
    /// A transfer failed (network, bus).
    Transfer,
    /// The platform refused for its own reason (policy, state).
    Refused,
}

/// The device under the processor.
pub trait Platform {
    /// Whether the device has (or can create) this component. Checked for
    /// every component before processing starts (§6.2).
    fn has_component(&mut self, component: &ComponentId<'_>) -> bool {
        let _ = component;
        false
    }

    /// Whether `value` is one of the identifiers the device asserts for
    /// `component` (a device may match several).
    fn identifier_matches(
        &mut self,
        component: &ComponentId<'_>,
        kind: Identifier,
        value: &[u8],
    ) -> bool {
        let _ = (component, kind, value);
        false
    }

    /// The number of bytes the component holds now.
    ///
    /// # Errors
    /// Unsupported or unknown component.
    fn component_len(&mut self, component: &ComponentId<'_>) -> Result<u64, PlatformError> {
        let _ = component;
        Err(PlatformError::Unsupported)
    }

    /// Reads from the component at `offset` into `buf`; returns the bytes
    /// read (fewer only at the end).
    ///
    /// # Errors
    /// Unsupported, unknown component, or a storage failure.
    fn read(
        &mut self,
        component: &ComponentId<'_>,
        offset: u64,
        buf: &mut [u8],
    ) -> Result<usize, PlatformError> {
        let _ = (component, offset, buf);
        Err(PlatformError::Unsupported)
    }

    /// Empties the component before a write (`offset` 0 onwards).
    ///
    /// # Errors
    /// Unsupported, unknown component, or a storage failure.
    fn begin_write(&mut self, component: &ComponentId<'_>) -> Result<(), PlatformError> {
        let _ = component;
        Err(PlatformError::Unsupported)
    }

    /// Writes `bytes` into the component at `offset`.
    ///
    /// # Errors
    /// Unsupported, unknown component, or a storage failure.
    fn write(
        &mut self,
        component: &ComponentId<'_>,
        offset: u64,
        bytes: &[u8],
    ) -> Result<(), PlatformError> {
        let _ = (component, offset, bytes);
        Err(PlatformError::Unsupported)
    }

    /// Fetches `uri` into the component (`suit-directive-fetch`). URIs that
    /// name an integrated payload (`#…`) never reach the platform: the
    /// processor writes those from the envelope.
    ///
    /// # Errors
    /// Unsupported, or a transfer or storage failure.
    fn fetch(
        &mut self,
        component: &ComponentId<'_>,
        uri: &str,
        arguments: Option<&[u8]>,
    ) -> Result<Progress, PlatformError> {
        let _ = (component, uri, arguments);
        Err(PlatformError::Unsupported)
    }

    /// Copies `source` into `destination` (`suit-directive-copy`).
    ///
    /// # Errors
    /// Unsupported, or a storage failure.
    fn copy(
        &mut self,
        destination: &ComponentId<'_>,
        source: &ComponentId<'_>,
    ) -> Result<Progress, PlatformError> {
        let _ = (destination, source);
        Err(PlatformError::Unsupported)
    }

    /// Swaps the contents of two components (`suit-directive-swap`); must
    /// be resumable or revertible (§6.3).
    ///
    /// # Errors
    /// Unsupported, or a storage failure.
    fn swap(
        &mut self,
        component: &ComponentId<'_>,
        source: &ComponentId<'_>,
    ) -> Result<Progress, PlatformError> {
        let _ = (component, source);
        Err(PlatformError::Unsupported)
    }

    /// Whether the component is in slot `slot` (`suit-condition-component-slot`;
    /// the meaning of a slot is the platform's: for A/B images, usually the
    /// slot an update may be written to).
    fn component_slot(&mut self, component: &ComponentId<'_>, slot: u64) -> bool {
        let _ = (component, slot);
        false
    }

    /// Hands control to the component (`suit-directive-invoke`).
    ///
    /// # Errors
    /// Unsupported, or the platform cannot start it.
    fn invoke(
        &mut self,
        component: &ComponentId<'_>,
        arguments: Option<&[u8]>,
    ) -> Result<Progress, PlatformError> {
        let _ = (component, arguments);
        Err(PlatformError::Unsupported)
    }

    /// Releases the component (`suit-directive-unlink`, trust domains
    /// §5.6.5): the platform decrements its reference count and removes
    /// it when none is left.
    ///
    /// # Errors
    /// Unsupported, or a storage failure.
    fn unlink(&mut self, component: &ComponentId<'_>) -> Result<(), PlatformError> {
        let _ = component;
        Err(PlatformError::Unsupported)
    }

    /// Waits for the events of an encoded `SUIT_Wait_Event` map
    /// (`suit-directive-wait`, update management).
    ///
    /// # Errors
    /// Unsupported.
    fn wait(
        &mut self,
        component: &ComponentId<'_>,
        wait_info: &[u8],
    ) -> Result<Progress, PlatformError> {
        let _ = (component, wait_info);
        Err(PlatformError::Unsupported)
    }

    /// The time, in seconds since 1970-01-01 UTC, if the device knows it
    /// (`suit-condition-use-before`).
    fn now(&mut self) -> Option<u64> {
        None
    }

    /// The energy left in the battery, in mWh (`suit-condition-minimum-battery`).
    fn battery_mwh(&mut self) -> Option<u64> {
        None
    }

    /// Whether the application authorises the update now
    /// (`suit-condition-update-authorized`), given its priority.
    fn update_authorized(&mut self, priority: i64) -> bool {
        let _ = priority;
        false
    }

    /// The installed version of the component (`suit-condition-version`),
    /// written into `out`; returns how many integers.
    fn component_version(&mut self, component: &ComponentId<'_>, out: &mut [i64]) -> Option<usize> {
        let _ = (component, out);
        None
    }

    /// The key a recipient of an encrypted payload needs
    /// (draft-ietf-suit-firmware-encryption): for AES-KW (`algorithm` -3,
    /// -4, -5) the key-encryption key, for ECDH-ES + AES-KW (-29, -30, -31)
    /// the device's P-256 private scalar. Written into `out`; returns its
    /// length, or `None` if the device holds no such key.
    fn decryption_key(
        &mut self,
        algorithm: i64,
        kid: Option<&[u8]>,
        out: &mut [u8],
    ) -> Option<usize> {
        let _ = (algorithm, kid, out);
        None
    }

    /// The sequence number of the last manifest installed, for rollback
    /// protection (§8.4.2); `None` before the first.
    fn sequence_number(&mut self) -> Option<u64> {
        None
    }

    /// Records the sequence number of a manifest whose update procedure
    /// completed.
    fn store_sequence_number(&mut self, sequence_number: u64) {
        let _ = sequence_number;
    }

    /// Records the version of the component set a manifest installed
    /// (`suit-set-version`, update management §3.1: a semantic version as
    /// `[+int]`, pre-releases negative, as in `suit-parameter-version`).
    ///
    /// Called once, when the update procedure of a manifest that carries
    /// `suit-set-version` completed, just before
    /// [`store_sequence_number`](Self::store_sequence_number); not for the
    /// manifest's dependencies, which carry their own. The default keeps
    /// nothing: the version informs a management system and changes no
    /// processing.
    ///
    /// # Errors
    /// The platform could not record it; the processor then aborts with
    /// `OperationFailed` and the sequence number is not stored.
    fn set_version(&mut self, version: &[i64]) -> Result<(), PlatformError> {
        let _ = version;
        Ok(())
    }

    /// Applies `suit-parameter-component-metadata` (update management §4.6;
    /// `metadata` is the encoded `SUIT_Component_Metadata` map: file type,
    /// creator, times, permissions) to a component that a fetch, copy or
    /// write directive has just completed. The draft applies metadata "at
    /// time of fetch, copy, or write"; the processor calls this once per
    /// such directive, after the platform answered `Done`, when the
    /// component has the parameter set.
    ///
    /// # Errors
    /// [`PlatformError::Unsupported`] by default: a device that cannot apply
    /// metadata must not install a file without the permissions and type the
    /// manifest asks for (a parameter it does not implement is refused), and
    /// the processor aborts with `ParameterUnsupported`. Any other error
    /// aborts with `OperationFailed`.
    fn apply_metadata(
        &mut self,
        component: &ComponentId<'_>,
        metadata: &[u8],
    ) -> Result<(), PlatformError> {
        let _ = (component, metadata);
        Err(PlatformError::Unsupported)
    }
}
