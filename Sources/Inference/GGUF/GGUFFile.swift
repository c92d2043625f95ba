#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A GGUF model file, memory-mapped read-only and validated before any weight is touched.
///
/// The weights are never copied: tensors are views into the mapping, which lives as long as this object.
/// Checks follow llama.cpp's loader (magic, version, counts, duplicate names, shapes, block multiples,
/// alignment, every byte range inside the file), each failing with a `GGUFError` that names the field.
public final class GGUFFile: @unchecked Sendable {
    public let path: String
    public let version: UInt32
    public let metadata: GGUFMetadata
    /// Tensors in file order.
    public let tensors: [GGUFTensorInfo]
    public let alignment: Int
    /// Start of the tensor data section.
    public let dataOffset: Int
    public let fileSize: Int

    private let mapping: UnsafeRawPointer
    private let ownsCopy: Bool
    private let tensorIndex: [String: Int]

    /// The GGUF magic "GGUF" read as a little-endian u32.
    static let magic: UInt32 = 0x4655_4747
    /// ggml's GGML_MAX_DIMS.
    static let maxDimensions = 4
    static let defaultAlignment = 32

    public convenience init(path: String) throws {
        let name = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw GGUFError(file: name, offset: nil, field: "file", reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw GGUFError(file: name, offset: nil, field: "file", reason: "cannot stat: \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        guard size > 0 else { throw GGUFError(file: name, offset: 0, field: "header", reason: "file is empty") }
        guard let raw = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), raw != MAP_FAILED else {
            throw GGUFError(file: name, offset: nil, field: "file", reason: "cannot map: \(String(cString: strerror(errno)))")
        }
        do {
            try self.init(path: path, mapping: UnsafeRawPointer(raw), size: size, ownsCopy: false)
        } catch {
            munmap(raw, size)
            throw error
        }
    }

    /// Parses bytes held in memory (a copy is kept), for tests and the fuzzer.
    public convenience init(bytes: [UInt8], name: String) throws {
        let copy = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 64)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(copy), byteCount: bytes.count) }
        do {
            try self.init(path: name, mapping: UnsafeRawPointer(copy), size: bytes.count, ownsCopy: true)
        } catch {
            copy.deallocate()
            throw error
        }
    }

    /// Parses a mapping (or an owned copy) this object takes ownership of, released on deinit.
    private init(path: String, mapping: UnsafeRawPointer, size: Int, ownsCopy: Bool) throws {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        guard size > 0 else { throw GGUFError(file: file, offset: 0, field: "header", reason: "file is empty") }
        var cursor = ByteCursor(bytes: UnsafeRawBufferPointer(start: mapping, count: size), file: file)

        // MARK: Header
        let magic = try cursor.read(UInt32.self, "header: magic")
        guard magic == Self.magic else {
            throw cursor.error("header: magic", "expected 'GGUF', found 0x\(String(magic, radix: 16)): not a GGUF file", at: 0)
        }
        let version = try cursor.read(UInt32.self, "header: version")
        guard version == 2 || version == 3 else {
            throw cursor.error("header: version", "version \(version) is not supported (2 and 3 are)", at: 4)
        }
        let tensorCount = try cursor.read(UInt64.self, "header: tensor count")
        let kvCount = try cursor.read(UInt64.self, "header: metadata count")
        // Each entry takes at least a few bytes, so a count larger than the file could hold is a lie.
        guard tensorCount <= UInt64(cursor.remaining / 24) else {
            throw cursor.error("header: tensor count", "claims \(tensorCount) tensors, more than the file can hold", at: 8)
        }
        guard kvCount <= UInt64(cursor.remaining / 12) else {
            throw cursor.error("header: metadata count", "claims \(kvCount) entries, more than the file can hold", at: 16)
        }

        // MARK: Metadata
        var metadata = GGUFMetadata(file: file)
        for i in 0..<Int(kvCount) {
            let entryStart = cursor.offset
            let key = try cursor.readString("metadata #\(i): key")
            let typeRaw = try cursor.read(UInt32.self, "metadata #\(i) '\(key)': type")
            let value = try Self.readValue(&cursor, typeRaw: typeRaw, field: "metadata #\(i) '\(key)'", depth: 0)
            guard metadata.insert(key, value) else {
                throw cursor.error("metadata #\(i) '\(key)'", "duplicate key", at: entryStart)
            }
        }
        var alignment = Self.defaultAlignment
        if let a = metadata["general.alignment"] {
            guard case .uint(let v, .uint32) = a, v > 0, v & (v - 1) == 0 else {
                throw cursor.error("metadata 'general.alignment'", "must be a power-of-two u32, found \(a.summary)", at: nil)
            }
            alignment = Int(v)
        }

        // MARK: Tensor infos
        struct Pending { var name: String; var dims: [Int]; var type: GGMLType; var relOffset: UInt64; var bytes: Int; var at: Int }
        var pending: [Pending] = []
        pending.reserveCapacity(Int(tensorCount))
        var index: [String: Int] = [:]
        for i in 0..<Int(tensorCount) {
            let at = cursor.offset
            let name = try cursor.readString("tensor info #\(i): name")
            let label = "tensor info #\(i) (\(name))"
            guard index[name] == nil else { throw cursor.error(label, "duplicate tensor name", at: at) }
            let nDims = try cursor.read(UInt32.self, "\(label): dimension count")
            guard nDims >= 1, nDims <= UInt32(Self.maxDimensions) else {
                throw cursor.error(label, "has \(nDims) dimensions; 1 to \(Self.maxDimensions) are allowed")
            }
            var dims: [Int] = []
            var elements = 1
            for d in 0..<Int(nDims) {
                let n = try cursor.read(UInt64.self, "\(label): dimension \(d)")
                guard n > 0, n < UInt64(Int32.max) else {
                    throw cursor.error(label, "dimension \(d) is \(n), out of range")
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(n))
                guard !overflow else { throw cursor.error(label, "element count overflows") }
                elements = product
                dims.append(Int(n))
            }
            let typeRaw = try cursor.read(UInt32.self, "\(label): type")
            guard let type = GGMLType(rawValue: typeRaw) else {
                throw cursor.error(label, "tensor type \(Self.typeName(typeRaw)) is not supported by Consilium")
            }
            guard dims[0] % type.blockSize == 0 else {
                throw cursor.error(label, "row length \(dims[0]) is not a multiple of the \(type) block size \(type.blockSize)")
            }
            guard let bytes = type.byteCount(elements: elements) else {
                throw cursor.error(label, "byte size overflows")
            }
            let relOffset = try cursor.read(UInt64.self, "\(label): data offset")
            guard relOffset % UInt64(alignment) == 0 else {
                throw cursor.error(label, "data offset \(relOffset) is not a multiple of the alignment \(alignment)")
            }
            index[name] = i
            pending.append(Pending(name: name, dims: dims, type: type, relOffset: relOffset, bytes: bytes, at: at))
        }

        // MARK: Data section
        let headerEnd = cursor.offset
        let dataOffset = (headerEnd + alignment - 1) / alignment * alignment
        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(pending.count)
        for (i, p) in pending.enumerated() {
            let label = "tensor info #\(i) (\(p.name))"
            guard p.relOffset <= UInt64(size) else {
                throw cursor.error(label, "data offset \(p.relOffset) lies beyond the end of the file (\(size) bytes)", at: p.at)
            }
            let start = dataOffset + Int(p.relOffset)
            let (end, overflow) = start.addingReportingOverflow(p.bytes)
            guard !overflow, end <= size else {
                throw cursor.error(label, "data needs bytes \(start)..<\(start &+ p.bytes) (\(p.bytes) bytes) but the file has \(size) bytes: the file is truncated; fetch it again", at: p.at)
            }
            tensors.append(GGUFTensorInfo(name: p.name, dimensions: p.dims, type: p.type, fileOffset: start, byteCount: p.bytes))
        }

        self.path = path
        self.version = version
        self.metadata = metadata
        self.tensors = tensors
        self.alignment = alignment
        self.dataOffset = dataOffset
        self.fileSize = size
        self.mapping = mapping
        self.ownsCopy = ownsCopy
        self.tensorIndex = index
    }

    deinit {
        if ownsCopy {
            UnsafeMutableRawPointer(mutating: mapping).deallocate()
        } else {
            munmap(UnsafeMutableRawPointer(mutating: mapping), fileSize)
        }
    }

    // MARK: Access

    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// A view of a tensor's bytes; valid while this file object lives.
    public func data(of tensor: GGUFTensorInfo) -> UnsafeRawPointer {
        mapping + tensor.fileOffset
    }

    /// The whole mapped file, for hashing without a second read.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: mapping, count: fileSize) }

    // MARK: Values

    /// Arrays may nest; a hostile file could nest them deeply to exhaust the stack.
    static let maxArrayDepth = 4

    private static func readValue(_ c: inout ByteCursor, typeRaw: UInt32, field: String, depth: Int) throws -> GGUFValue {
        guard let type = GGUFValueType(rawValue: typeRaw) else {
            throw c.error(field, "unknown value type \(typeRaw)")
        }
        switch type {
        case .uint8: return .uint(UInt64(try c.read(UInt8.self, field)), type)
        case .uint16: return .uint(UInt64(try c.read(UInt16.self, field)), type)
        case .uint32: return .uint(UInt64(try c.read(UInt32.self, field)), type)
        case .uint64: return .uint(try c.read(UInt64.self, field), type)
        case .int8: return .int(Int64(try c.read(Int8.self, field)), type)
        case .int16: return .int(Int64(try c.read(Int16.self, field)), type)
        case .int32: return .int(Int64(try c.read(Int32.self, field)), type)
        case .int64: return .int(try c.read(Int64.self, field), type)
        case .float32: return .float(Double(try c.readFloat32(field)), type)
        case .float64: return .float(try c.readFloat64(field), type)
        case .bool:
            let b = try c.read(UInt8.self, field)
            guard b <= 1 else { throw c.error(field, "boolean byte is \(b), expected 0 or 1", at: c.offset - 1) }
            return .bool(b == 1)
        case .string: return .string(try c.readString(field))
        case .array:
            guard depth < maxArrayDepth else { throw c.error(field, "arrays nested deeper than \(maxArrayDepth)") }
            let elementRaw = try c.read(UInt32.self, "\(field): element type")
            guard let elementType = GGUFValueType(rawValue: elementRaw) else {
                throw c.error(field, "unknown array element type \(elementRaw)")
            }
            let countAt = c.offset
            let count = try c.read(UInt64.self, "\(field): count")
            guard count <= UInt64(c.remaining / elementType.minimumSize) else {
                throw c.error(field, "array claims \(count) elements of \(elementType), more than the \(c.remaining) bytes left", at: countAt)
            }
            var items: [GGUFValue] = []
            items.reserveCapacity(Int(count))
            for i in 0..<Int(count) {
                items.append(try readValue(&c, typeRaw: elementRaw, field: "\(field)[\(i)]", depth: depth + 1))
            }
            return .array(elementType, items)
        }
    }

    /// Names of ggml types Consilium does not run, so the error says which one a file uses.
    static func typeName(_ raw: UInt32) -> String {
        let names: [UInt32: String] = [
            4: "Q4_2 (removed)", 5: "Q4_3 (removed)", 16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS", 19: "IQ1_S",
            20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32", 27: "I64",
            28: "F64", 29: "IQ1_M", 34: "TQ1_0", 35: "TQ2_0", 39: "MXFP4",
        ]
        return names[raw].map { "\($0) (\(raw))" } ?? "\(raw) (unknown)"
    }
}
