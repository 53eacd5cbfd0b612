//! Short accessors for the references a model holds: `deal.owner()`, `deal.person()`,
//! `activity.organization()`, ... One table declares them all, so that every surface
//! offers the same names: Rust gets the methods, and a binding reads the same table
//! through [`schema::references`](crate::schema::references).
//!
//! An accessor reads a field that holds the reference as an [`IdRef`](crate::IdRef) (a
//! bare id or an expanded object) or as a bare id; its name comes from the expanded
//! object, else from the name field the model sends beside the id (`owner_name`, ...).
use crate::lenient::{Ref, RefSource};
use crate::models::{
    Activity, CallLog, Deal, DealParticipant, File, Filter, Lead, OrgRef, Organization, Person,
    PersonRef, PictureRef, Product, UserRef,
};
use crate::schema::RefAccessor;

/// Declares the accessors of each model and the table [`references`] answers from.
macro_rules! references {
    ($(
        $model:ident {
            $(
                $(#[$doc:meta])*
                $acc:ident -> $obj:ident = $field:ident $(/ $name_field:ident)?;
            )*
        }
    )*) => {
        $(
            impl $model {
                $(
                    $(#[$doc])*
                    pub fn $acc(&self) -> Option<Ref<'_, $obj>> {
                        RefSource::<$obj>::to_ref(
                            &self.$field,
                            references!(@name self $($name_field)?),
                        )
                    }
                )*
            }
        )*

        /// The reference accessors of the model called `model` (its Rust name); empty
        /// for a model without any.
        pub fn references(model: &str) -> &'static [RefAccessor] {
            match model {
                $(
                    stringify!($model) => &[
                        $(
                            RefAccessor {
                                name: stringify!($acc),
                                key: stringify!($field),
                                name_key: references!(@key $($name_field)?),
                                target: stringify!($obj),
                            },
                        )*
                    ],
                )*
                _ => &[],
            }
        }

        /// The name of every model with reference accessors.
        pub const MODELS_WITH_REFERENCES: &[&str] = &[ $( stringify!($model) ),* ];
    };
    (@key $name_field:ident) => { Some(stringify!($name_field)) };
    (@key) => { None };
    (@name $this:ident $name_field:ident) => { $this.$name_field.as_deref() };
    (@name $this:ident) => { None };
}

references! {
    Deal {
        /// The user who owns the deal (`user_id`).
        owner -> UserRef = user_id / owner_name;
        /// The user who created the deal (`creator_user_id`).
        creator -> UserRef = creator_user_id;
        /// The linked person (`person_id`).
        person -> PersonRef = person_id / person_name;
        /// The linked organization (`org_id`).
        organization -> OrgRef = org_id / org_name;
    }
    DealParticipant {
        /// The user who added the participant (`added_by_user_id`).
        added_by -> UserRef = added_by_user_id;
    }
    Person {
        /// The user who owns the person (`owner_id`).
        owner -> UserRef = owner_id / owner_name;
        /// The person's organization (`org_id`).
        organization -> OrgRef = org_id / org_name;
        /// The profile picture (`picture_id`).
        picture -> PictureRef = picture_id;
    }
    Organization {
        /// The user who owns the organization (`owner_id`).
        owner -> UserRef = owner_id / owner_name;
        /// The logo picture (`picture_id`).
        picture -> PictureRef = picture_id;
    }
    Product {
        /// The user who owns the product (`owner_id`).
        owner -> UserRef = owner_id;
    }
    Activity {
        /// The user the activity belongs to (`user_id`).
        owner -> UserRef = user_id / owner_name;
        /// The user who created the activity (`created_by_user_id`).
        creator -> UserRef = created_by_user_id;
        /// The user the activity is assigned to (`assigned_to_user_id`).
        assignee -> UserRef = assigned_to_user_id;
        /// The linked person (`person_id`).
        person -> PersonRef = person_id / person_name;
        /// The linked organization (`org_id`).
        organization -> OrgRef = org_id / org_name;
    }
    Lead {
        /// The user who owns the lead (`owner_id`).
        owner -> UserRef = owner_id;
        /// The user who created the lead (`creator_id`).
        creator -> UserRef = creator_id;
        /// The linked person (`person_id`).
        person -> PersonRef = person_id;
        /// The linked organization (`organization_id`).
        organization -> OrgRef = organization_id;
    }
    File {
        /// The user who uploaded the file (`user_id`).
        owner -> UserRef = user_id;
        /// The linked person (`person_id`).
        person -> PersonRef = person_id / person_name;
        /// The linked organization (`org_id`).
        organization -> OrgRef = org_id / org_name;
    }
    CallLog {
        /// The user who logged the call (`user_id`).
        owner -> UserRef = user_id;
        /// The person called (`person_id`).
        person -> PersonRef = person_id;
        /// The organization called (`org_id`).
        organization -> OrgRef = org_id;
    }
    Filter {
        /// The user who owns the filter (`user_id`).
        owner -> UserRef = user_id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{FieldKind, schema};

    #[test]
    fn every_accessor_reads_a_reference_field_and_names_no_field() {
        for model in MODELS_WITH_REFERENCES {
            let fields = schema(model).expect("indexed model");
            for acc in references(model) {
                assert!(
                    fields.iter().all(|f| f.key != acc.name),
                    "{model}.{} would hide the field of that name",
                    acc.name
                );
                let field = fields.iter().find(|f| f.key == acc.key);
                assert!(
                    matches!(
                        field.map(|f| f.kind),
                        Some(FieldKind::Ref(_) | FieldKind::Id)
                    ),
                    "{model}.{} reads {}, which is no reference",
                    acc.name,
                    acc.key
                );
                if let Some(FieldKind::Ref(target)) = field.map(|f| f.kind) {
                    assert_eq!(target, acc.target, "{model}.{}", acc.name);
                }
                if let Some(key) = acc.name_key {
                    assert!(fields.iter().any(|f| f.key == key), "{model}.{key}");
                }
            }
        }
    }

    #[test]
    fn a_bare_id_takes_the_name_sent_beside_it() {
        let deal: Deal = serde_json::from_str(
            r#"{"id":1,"person_id":5,"person_name":"Ann","org_id":{"name":"Acme","value":9}}"#,
        )
        .expect("deal");
        let person = deal.person().expect("person");
        assert_eq!(
            (person.id.0, person.name, person.object),
            (5, Some("Ann"), None)
        );
        let org = deal.organization().expect("organization");
        assert_eq!((org.id.0, org.name), (9, Some("Acme")));
        assert!(deal.owner().is_none());
        assert_eq!(references("Deal")[0].name, "owner");
        assert!(references("Stage").is_empty());
    }
}
