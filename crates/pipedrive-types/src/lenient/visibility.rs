use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

string_enum! {
    /// Who can see an item (`visible_to`). The meaning depends on the company's plan:
    /// on Essential/Advanced only `1` (owner and followers) and `3` (entire company)
    /// exist; the names below follow the Professional/Enterprise meaning.
    pub enum VisibilityLevel {
        /// `1`: the owner only (owner and followers on lower plans).
        OwnerOnly = "1",
        /// `3`: the owner's visibility group (entire company on lower plans).
        OwnerVisibilityGroup = "3",
        /// `5`: the owner's visibility group and its sub-groups.
        OwnerGroupAndSubgroups = "5",
        /// `7`: the entire company.
        EntireCompany = "7",
    }
}

/// The `visible_to` setting of an item. Responses carry it as `"3"` on most endpoints
/// and as `3` on search results; both decode, and the received form is written back.
/// A value built in code is written as a string (`"3"`), the form the v1 request
/// bodies document. Unknown codes are kept in [`VisibilityLevel::Other`].
///
/// ```
/// use pipedrive_types::{Visibility, VisibilityLevel};
/// let v: Visibility = serde_json::from_str("3").unwrap();
/// assert_eq!(v.level(), &VisibilityLevel::OwnerVisibilityGroup);
/// assert_eq!(serde_json::to_string(&v).unwrap(), "3");
/// assert_eq!(serde_json::to_string(&Visibility::ENTIRE_COMPANY).unwrap(), r#""7""#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Visibility {
    level: VisibilityLevel,
    numeric: bool,
}

impl Visibility {
    /// `"1"`: owner only.
    pub const OWNER_ONLY: Visibility = Visibility::of(VisibilityLevel::OwnerOnly);
    /// `"3"`: owner's visibility group.
    pub const OWNER_VISIBILITY_GROUP: Visibility =
        Visibility::of(VisibilityLevel::OwnerVisibilityGroup);
    /// `"5"`: owner's visibility group and sub-groups.
    pub const OWNER_GROUP_AND_SUBGROUPS: Visibility =
        Visibility::of(VisibilityLevel::OwnerGroupAndSubgroups);
    /// `"7"`: entire company.
    pub const ENTIRE_COMPANY: Visibility = Visibility::of(VisibilityLevel::EntireCompany);

    /// A visibility written in the string form.
    pub const fn of(level: VisibilityLevel) -> Self {
        Visibility {
            level,
            numeric: false,
        }
    }

    /// The same visibility, written as a JSON number when its code is numeric.
    pub fn numeric(self) -> Self {
        Visibility {
            numeric: true,
            ..self
        }
    }

    /// The level.
    pub fn level(&self) -> &VisibilityLevel {
        &self.level
    }

    /// The numeric code (`1`, `3`, `5`, `7`, or an unknown one), if it is a number.
    pub fn code(&self) -> Option<i64> {
        self.level.as_str().parse().ok()
    }

    /// Whether it will be written as a JSON number.
    pub fn is_numeric(&self) -> bool {
        self.numeric
    }
}

impl From<VisibilityLevel> for Visibility {
    fn from(level: VisibilityLevel) -> Self {
        Visibility::of(level)
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.level.as_str())
    }
}

impl Serialize for Visibility {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.numeric {
            // Only a level whose text is the number's own spelling is written as that
            // number: `"00"` or `"+3"` would read back as a different level.
            if let Some(code) = self.code().filter(|c| c.to_string() == self.level.as_str()) {
                return s.serialize_i64(code);
            }
        }
        s.serialize_str(self.level.as_str())
    }
}

struct VisibilityVisitor;

impl Visitor<'_> for VisibilityVisitor {
    type Value = Visibility;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a visibility code such as 3 or \"3\"")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Visibility, E> {
        let level = match v {
            1 => VisibilityLevel::OwnerOnly,
            3 => VisibilityLevel::OwnerVisibilityGroup,
            5 => VisibilityLevel::OwnerGroupAndSubgroups,
            7 => VisibilityLevel::EntireCompany,
            other => VisibilityLevel::Other(other.to_string()),
        };
        Ok(Visibility {
            level,
            numeric: true,
        })
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Visibility, E> {
        match u64::try_from(v) {
            Ok(u) => self.visit_u64(u),
            Err(_) => Ok(Visibility {
                level: VisibilityLevel::Other(v.to_string()),
                numeric: true,
            }),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Visibility, E> {
        Ok(Visibility {
            level: VisibilityLevel::from(v),
            numeric: false,
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Visibility, E> {
        Ok(Visibility {
            level: VisibilityLevel::from(v),
            numeric: false,
        })
    }
}

impl<'de> Deserialize<'de> for Visibility {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Visibility, D::Error> {
        d.deserialize_any(VisibilityVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_spelled_unlike_its_number_stays_text() {
        for text in ["00", "+3", "03"] {
            let v = Visibility::of(VisibilityLevel::from(text)).numeric();
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            let back: Visibility = serde_json::from_str(&json).unwrap();
            assert_eq!(back.level().as_str(), text);
        }
        let three = Visibility::of(VisibilityLevel::from("3")).numeric();
        assert_eq!(serde_json::to_string(&three).unwrap(), "3");
    }

    fn rt(json: &str) -> Visibility {
        let v: Visibility = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            json,
            "form kept for {json}"
        );
        v
    }

    #[test]
    fn numbers_and_strings() {
        assert_eq!(rt("1").level(), &VisibilityLevel::OwnerOnly);
        assert_eq!(rt(r#""3""#).level(), &VisibilityLevel::OwnerVisibilityGroup);
        assert_eq!(rt("5").level(), &VisibilityLevel::OwnerGroupAndSubgroups);
        assert_eq!(rt(r#""7""#).level(), &VisibilityLevel::EntireCompany);
        assert!(rt("3").is_numeric());
        assert!(!rt(r#""3""#).is_numeric());
        assert_eq!(rt("3").code(), Some(3));
    }

    #[test]
    fn unknown_codes_are_kept() {
        assert_eq!(rt("9").level(), &VisibilityLevel::Other("9".into()));
        assert_eq!(rt(r#""9""#).level(), &VisibilityLevel::Other("9".into()));
        assert_eq!(rt("-2").code(), Some(-2));
        assert_eq!(rt(r#""everyone""#).code(), None);
    }

    #[test]
    fn built_in_code_is_a_string() {
        assert_eq!(
            serde_json::to_string(&Visibility::OWNER_ONLY).unwrap(),
            r#""1""#
        );
        let v = Visibility::from(VisibilityLevel::EntireCompany);
        assert_eq!(serde_json::to_string(&v).unwrap(), r#""7""#);
        assert_eq!(serde_json::to_string(&v.numeric()).unwrap(), "7");
        let odd = Visibility::of(VisibilityLevel::Other("x".into())).numeric();
        assert_eq!(serde_json::to_string(&odd).unwrap(), r#""x""#);
    }

    #[test]
    fn malformed_is_an_error() {
        for bad in ["3.0", "true", "[]", "{}", "null"] {
            assert!(
                serde_json::from_str::<Visibility>(bad).is_err(),
                "{bad} must not decode"
            );
        }
    }
}
