/// Value types of GGUF metadata, numbered as in the file format.
public enum GGUFValueType: UInt32, Sendable, CustomStringConvertible {
    case uint8 = 0, int8 = 1, uint16 = 2, int16 = 3, uint32 = 4, int32 = 5, float32 = 6
    case bool = 7, string = 8, array = 9, uint64 = 10, int64 = 11, float64 = 12

    /// Bytes a value of this type takes at the least (strings: their 8-byte length; arrays: type + count).
    var minimumSize: Int {
        switch self {
        case .uint8, .int8, .bool: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .uint64, .int64, .float64, .string: return 8
        case .array: return 12
        }
    }

    public var description: String {
        switch self {
        case .uint8: return "u8"
        case .int8: return "i8"
        case .uint16: return "u16"
        case .int16: return "i16"
        case .uint32: return "u32"
        case .int32: return "i32"
        case .float32: return "f32"
        case .bool: return "bool"
        case .string: return "string"
        case .array: return "array"
        case .uint64: return "u64"
        case .int64: return "i64"
        case .float64: return "f64"
        }
    }
}

/// One metadata value. Integer widths are kept so `models info` can show the file as it is;
/// the accessors on `GGUFMetadata` convert between them where the conversion is exact.
public enum GGUFValue: Sendable, Equatable {
    case uint(UInt64, GGUFValueType)
    case int(Int64, GGUFValueType)
    case float(Double, GGUFValueType)
    case bool(Bool)
    case string(String)
    case array(GGUFValueType, [GGUFValue])

    /// The value as an integer, when it is one (or an integral float) that fits in `Int`.
    public var intValue: Int? {
        switch self {
        case .uint(let v, _): return v <= UInt64(Int.max) ? Int(v) : nil
        case .int(let v, _): return Int(exactly: v)
        case .float(let v, _): return Int(exactly: v)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .uint(let v, _): return Double(v)
        case .int(let v, _): return Double(v)
        case .float(let v, _): return v
        default: return nil
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        switch self {
        case .bool(let b): return b
        case .uint(let v, _): return v != 0
        case .int(let v, _): return v != 0
        default: return nil
        }
    }

    public var arrayValue: [GGUFValue]? {
        if case .array(_, let items) = self { return items }
        return nil
    }

    /// A short human-readable rendering (arrays are summarised by type and length).
    public var summary: String {
        switch self {
        case .uint(let v, _): return String(v)
        case .int(let v, _): return String(v)
        case .float(let v, _): return String(v)
        case .bool(let b): return String(b)
        case .string(let s): return s.count > 80 ? String(s.prefix(77)) + "..." : s
        case .array(let t, let items): return "[\(items.count) x \(t)]"
        }
    }
}
