//! `/currencies`: the fixed list of currencies the sandbox knows, searchable by `term`.
use crate::api::{R, ok};
use crate::http::Request;
use serde_json::{Value, json};

pub(crate) fn currencies(req: &Request) -> R {
    let list = [
        (1, "EUR", "Euro", "€"),
        (2, "USD", "US Dollar", "$"),
        (3, "GBP", "British Pound", "£"),
        (4, "JPY", "Japanese Yen", "¥"),
        (5, "INR", "Indian Rupee", "₹"),
        (6, "CHF", "Swiss Franc", "CHF"),
        (7, "SEK", "Swedish Krona", "kr"),
        (8, "BRL", "Brazilian Real", "R$"),
        (9, "CAD", "Canadian Dollar", "CA$"),
        (10, "AUD", "Australian Dollar", "A$"),
    ];
    let term = req
        .q("term")
        .map(|t| t.trim().to_lowercase())
        .filter(|t| !t.is_empty());
    ok(Value::Array(
        list.iter()
            .filter(|(_, code, name, _)| {
                term.as_ref().is_none_or(|t| {
                    code.to_lowercase().contains(t.as_str())
                        || name.to_lowercase().contains(t.as_str())
                })
            })
            .map(|(id, code, name, sym)| {
                json!({
                    "id": id,
                    "code": code,
                    "name": name,
                    "decimal_points": if *code == "JPY" { 0 } else { 2 },
                    "symbol": sym,
                    "active_flag": true,
                    "is_custom_flag": false,
                })
            })
            .collect(),
    ))
}
