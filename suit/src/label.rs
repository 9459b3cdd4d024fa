//! The integer keys and identifiers of SUIT (draft-ietf-suit-manifest §11
//! IANA registries, and the extension drafts), named once.

/// Envelope keys (§8.2; severable members §8.5; trust domains; update management).
pub mod envelope {
    /// `suit-delegation` (trust domains).
    pub const DELEGATION: i64 = 1;
    /// `suit-authentication-wrapper`.
    pub const AUTHENTICATION_WRAPPER: i64 = 2;
    /// `suit-manifest`.
    pub const MANIFEST: i64 = 3;
}

/// Manifest keys (§8.4), including the severable members, which share their
/// keys with the envelope.
pub mod manifest {
    /// `suit-manifest-version`.
    pub const VERSION: i64 = 1;
    /// `suit-manifest-sequence-number`.
    pub const SEQUENCE_NUMBER: i64 = 2;
    /// `suit-common`.
    pub const COMMON: i64 = 3;
    /// `suit-reference-uri`.
    pub const REFERENCE_URI: i64 = 4;
    /// `suit-manifest-component-id` (trust domains).
    pub const MANIFEST_COMPONENT_ID: i64 = 5;
    /// `suit-set-version` (update management).
    pub const SET_VERSION: i64 = 6;
    /// `suit-validate`.
    pub const VALIDATE: i64 = 7;
    /// `suit-load`.
    pub const LOAD: i64 = 8;
    /// `suit-invoke`.
    pub const INVOKE: i64 = 9;
    /// `suit-coswid` (update management; severable).
    pub const COSWID: i64 = 14;
    /// `suit-dependency-resolution` (trust domains; severable).
    pub const DEPENDENCY_RESOLUTION: i64 = 15;
    /// `suit-payload-fetch` (severable).
    pub const PAYLOAD_FETCH: i64 = 16;
    /// `suit-candidate-verification` (trust domains; severable).
    pub const CANDIDATE_VERIFICATION: i64 = 18;
    /// `suit-install` (severable).
    pub const INSTALL: i64 = 20;
    /// `suit-text` (severable).
    pub const TEXT: i64 = 23;
    /// `suit-uninstall` (trust domains).
    pub const UNINSTALL: i64 = 24;

    /// The severable members, in the order this crate reports them.
    pub const SEVERABLE: [i64; 6] = [
        DEPENDENCY_RESOLUTION,
        PAYLOAD_FETCH,
        CANDIDATE_VERIFICATION,
        INSTALL,
        TEXT,
        COSWID,
    ];
}

/// `SUIT_Common` keys (§8.4.5).
pub mod common {
    /// `suit-dependencies` (trust domains).
    pub const DEPENDENCIES: i64 = 1;
    /// `suit-components`.
    pub const COMPONENTS: i64 = 2;
    /// `suit-shared-sequence`.
    pub const SHARED_SEQUENCE: i64 = 4;
}

/// Condition and directive identifiers (§8.4.9, §8.4.10 and extensions).
pub mod command {
    /// `suit-condition-vendor-identifier`.
    pub const VENDOR_IDENTIFIER: i64 = 1;
    /// `suit-condition-class-identifier`.
    pub const CLASS_IDENTIFIER: i64 = 2;
    /// `suit-condition-image-match`.
    pub const IMAGE_MATCH: i64 = 3;
    /// `suit-condition-use-before` (update management).
    pub const USE_BEFORE: i64 = 4;
    /// `suit-condition-component-slot`.
    pub const COMPONENT_SLOT: i64 = 5;
    /// `suit-condition-check-content`.
    pub const CHECK_CONTENT: i64 = 6;
    /// `suit-condition-dependency-integrity` (trust domains).
    pub const DEPENDENCY_INTEGRITY: i64 = 7;
    /// `suit-condition-is-dependency` (trust domains).
    pub const IS_DEPENDENCY: i64 = 8;
    /// `suit-directive-process-dependency` (trust domains).
    pub const PROCESS_DEPENDENCY: i64 = 11;
    /// `suit-directive-set-component-index`.
    pub const SET_COMPONENT_INDEX: i64 = 12;
    /// `suit-condition-abort`.
    pub const ABORT: i64 = 14;
    /// `suit-directive-try-each`.
    pub const TRY_EACH: i64 = 15;
    /// `suit-directive-write`.
    pub const WRITE: i64 = 18;
    /// `suit-directive-set-parameters` (trust domains).
    pub const SET_PARAMETERS: i64 = 19;
    /// `suit-directive-override-parameters`.
    pub const OVERRIDE_PARAMETERS: i64 = 20;
    /// `suit-directive-fetch`.
    pub const FETCH: i64 = 21;
    /// `suit-directive-copy`.
    pub const COPY: i64 = 22;
    /// `suit-directive-invoke`.
    pub const INVOKE: i64 = 23;
    /// `suit-condition-device-identifier`.
    pub const DEVICE_IDENTIFIER: i64 = 24;
    /// `suit-condition-image-not-match` (update management).
    pub const IMAGE_NOT_MATCH: i64 = 25;
    /// `suit-condition-minimum-battery` (update management).
    pub const MINIMUM_BATTERY: i64 = 26;
    /// `suit-condition-update-authorized` (update management).
    pub const UPDATE_AUTHORIZED: i64 = 27;
    /// `suit-condition-version` (update management).
    pub const VERSION: i64 = 28;
    /// `suit-directive-wait` (update management).
    pub const WAIT: i64 = 29;
    /// `suit-directive-swap`.
    pub const SWAP: i64 = 31;
    /// `suit-directive-run-sequence`.
    pub const RUN_SEQUENCE: i64 = 32;
    /// `suit-directive-unlink` (trust domains).
    pub const UNLINK: i64 = 33;
    /// `suit-directive-override-multiple` (update management).
    pub const OVERRIDE_MULTIPLE: i64 = 34;
    /// `suit-directive-copy-params` (update management).
    pub const COPY_PARAMS: i64 = 35;
}

/// Parameter keys (§8.4.8 and extensions).
pub mod parameter {
    /// `suit-parameter-vendor-identifier`.
    pub const VENDOR_IDENTIFIER: i64 = 1;
    /// `suit-parameter-class-identifier`.
    pub const CLASS_IDENTIFIER: i64 = 2;
    /// `suit-parameter-image-digest`.
    pub const IMAGE_DIGEST: i64 = 3;
    /// `suit-parameter-use-before` (update management).
    pub const USE_BEFORE: i64 = 4;
    /// `suit-parameter-component-slot`.
    pub const COMPONENT_SLOT: i64 = 5;
    /// `suit-parameter-strict-order`.
    pub const STRICT_ORDER: i64 = 12;
    /// `suit-parameter-soft-failure`.
    pub const SOFT_FAILURE: i64 = 13;
    /// `suit-parameter-image-size`.
    pub const IMAGE_SIZE: i64 = 14;
    /// `suit-parameter-content`.
    pub const CONTENT: i64 = 18;
    /// `suit-parameter-encryption-info` (firmware encryption).
    pub const ENCRYPTION_INFO: i64 = 19;
    /// `suit-parameter-uri`.
    pub const URI: i64 = 21;
    /// `suit-parameter-source-component`.
    pub const SOURCE_COMPONENT: i64 = 22;
    /// `suit-parameter-invoke-args`.
    pub const INVOKE_ARGS: i64 = 23;
    /// `suit-parameter-device-identifier`.
    pub const DEVICE_IDENTIFIER: i64 = 24;
    /// `suit-parameter-fetch-arguments`.
    pub const FETCH_ARGUMENTS: i64 = 25;
    /// `suit-parameter-minimum-battery` (update management).
    pub const MINIMUM_BATTERY: i64 = 26;
    /// `suit-parameter-update-priority` (update management).
    pub const UPDATE_PRIORITY: i64 = 27;
    /// `suit-parameter-version` (update management).
    pub const VERSION: i64 = 28;
    /// `suit-parameter-wait-info` (update management).
    pub const WAIT_INFO: i64 = 29;
    /// `suit-parameter-component-metadata` (update management).
    pub const COMPONENT_METADATA: i64 = 30;
}

/// COSE tags and header labels (RFC 9052).
pub mod cose {
    /// `COSE_Sign1_Tagged`.
    pub const SIGN1_TAG: u64 = 18;
    /// `COSE_Mac0_Tagged`.
    pub const MAC0_TAG: u64 = 17;
    /// Header label `alg`.
    pub const ALG: i64 = 1;
    /// Header label `kid`.
    pub const KID: i64 = 4;
    /// Header label `IV`.
    pub const IV: i64 = 5;
    /// Header label `ephemeral key` (RFC 9053 §6.4.1).
    pub const EPHEMERAL_KEY: i64 = -1;
    /// `COSE_Encrypt_Tagged`.
    pub const ENCRYPT_TAG: u64 = 96;
    /// `COSE_Encrypt0_Tagged`.
    pub const ENCRYPT0_TAG: u64 = 16;
}

/// The CBOR tag of `SUIT_Envelope_Tagged` (§8.2).
pub const ENVELOPE_TAG: u64 = 107;

/// The name of a manifest member (§8.4), as the draft spells it.
pub const fn member_name(key: i64) -> Option<&'static str> {
    Some(match key {
        manifest::VERSION => "suit-manifest-version",
        manifest::SEQUENCE_NUMBER => "suit-manifest-sequence-number",
        manifest::COMMON => "suit-common",
        manifest::REFERENCE_URI => "suit-reference-uri",
        manifest::MANIFEST_COMPONENT_ID => "suit-manifest-component-id",
        manifest::SET_VERSION => "suit-set-version",
        manifest::VALIDATE => "suit-validate",
        manifest::LOAD => "suit-load",
        manifest::INVOKE => "suit-invoke",
        manifest::COSWID => "suit-coswid",
        manifest::DEPENDENCY_RESOLUTION => "suit-dependency-resolution",
        manifest::PAYLOAD_FETCH => "suit-payload-fetch",
        manifest::CANDIDATE_VERIFICATION => "suit-candidate-verification",
        manifest::INSTALL => "suit-install",
        manifest::TEXT => "suit-text",
        manifest::UNINSTALL => "suit-uninstall",
        _ => return None,
    })
}
