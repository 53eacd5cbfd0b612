//! Currencies.
use crate::CurrencyId;
use crate::lenient::Flag;

model! {
    /// A currency the company can use.
    pub struct Currency {
        /// Id.
        id: Option<CurrencyId>,
        /// Three-letter code (`EUR`), or the code of a custom currency.
        code: Option<String>,
        /// Name.
        name: Option<String>,
        /// Number of digits after the decimal point.
        decimal_points: Option<crate::Integer>,
        /// Symbol (`€`).
        symbol: Option<String>,
        /// Whether the currency is active.
        active_flag: Option<Flag>,
        /// Whether the company defined this currency itself.
        is_custom_flag: Option<Flag>,
    }
}
