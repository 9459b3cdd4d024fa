//! IoT certificate profiles: each a checker whose errors name the rule of
//! the specification a certificate breaks.

pub mod ieee8021ar;
pub mod matter;
