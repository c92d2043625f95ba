// libFuzzer entry point for the GGUF reader: any bytes must parse or throw a GGUFError,
// never crash or read outside the buffer (AddressSanitizer is on).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGGUF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let file = try? GGUFFile(bytes: bytes, name: "fuzz.gguf") {
        // Touch every tensor's first and last byte: the reader promised they are in bounds.
        var sink: UInt8 = 0
        for t in file.tensors where t.byteCount > 0 {
            let p = file.data(of: t)
            sink ^= p.load(as: UInt8.self) ^ p.load(fromByteOffset: t.byteCount - 1, as: UInt8.self)
        }
        _ = file.metadata.keys.count + Int(sink)
    }
    return 0
}
