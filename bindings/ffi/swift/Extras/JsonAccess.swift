// Reading a `Json` value (a record's `extra`, a custom field's raw `value`, a page's
// `additionalData`) without a JSON library. Copied into the package's sources by
// scripts/ffi-swift-package.sh. NOT COMPILED on our Linux CI (no Swift toolchain there):
// it is checked only where that script runs, on macOS.
import Foundation

extension Json {
    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> Json? {
        if case .object(entries: let entries) = self { return entries[key] }
        return nil
    }

    /// The element at `index` of an array; nil out of range or for a value that is not an array.
    public subscript(index: Int) -> Json? {
        if case .array(items: let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    /// The text of a string.
    public var string: String? {
        if case .text(value: let v) = self { return v }
        return nil
    }

    /// The value of a boolean.
    public var bool: Bool? {
        if case .bool(value: let v) = self { return v }
        return nil
    }

    /// A number that is a whole number within Int64's range.
    public var int64: Int64? {
        if case .number(value: let v) = self { return Int64(v) }
        return nil
    }

    /// A number as the nearest Double.
    public var double: Double? {
        if case .number(value: let v) = self { return Double(v) }
        return nil
    }

    /// A number with the digits received (as far as `Decimal` holds them).
    public var decimal: Decimal? {
        if case .number(value: let v) = self { return Decimal(string: v, locale: Locale(identifier: "en_US_POSIX")) }
        return nil
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as compact JSON text (object keys sorted).
    public func jsonText() throws -> String {
        try PipedriveFFI.jsonText(value: self)
    }
}
