//! Billing: the company's subscription add-ons.

model! {
    /// An add-on of the company's subscription.
    pub struct BillingAddon {
        /// Code naming the add-on, e.g. `leadbooster_v2` or `prospector`. Kept as text:
        /// the set of add-ons (and their versioned codes) changes over time.
        code: Option<String>,
    }
}
