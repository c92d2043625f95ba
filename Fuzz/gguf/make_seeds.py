"""Writes small valid GGUF files as seeds for the fuzzer (test-fixture script; not used at run time)."""
import struct, sys, os

def gguf(version=3, kvs=(), tensors=()):
    out = b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(kvs))
    for key, vtype, payload in kvs:
        out += struct.pack("<Q", len(key)) + key.encode() + struct.pack("<I", vtype) + payload
    offset = 0
    datas = []
    for name, dims, ttype, data in tensors:
        out += struct.pack("<Q", len(name)) + name.encode() + struct.pack("<I", len(dims))
        out += b"".join(struct.pack("<Q", d) for d in dims) + struct.pack("<IQ", ttype, offset)
        padded = data + b"\0" * (-len(data) % 32)
        datas.append(padded)
        offset += len(padded)
    out += b"\0" * (-len(out) % 32)
    return out + b"".join(datas)

def s(text):
    return struct.pack("<Q", len(text)) + text.encode()

dest = sys.argv[1]
os.makedirs(dest, exist_ok=True)
seeds = {
    "empty.gguf": gguf(),
    "kv.gguf": gguf(kvs=[("general.architecture", 8, s("llama")), ("n", 4, struct.pack("<I", 3)),
                         ("arr", 9, struct.pack("<IQ", 8, 2) + s("a") + s("bc")), ("f", 6, struct.pack("<f", 1.5))]),
    "tensors.gguf": gguf(kvs=[("general.alignment", 4, struct.pack("<I", 32))],
                         tensors=[("w", [32, 2], 8, (b"\x00\x38" + bytes(range(32))) * 2), ("v", [4], 0, struct.pack("<4f", 1, 2, 3, 4))]),
    "v2.gguf": gguf(version=2, tensors=[("q", [32], 2, b"\x00\x3c" + bytes(16))]),
}
for name, data in seeds.items():
    with open(os.path.join(dest, name), "wb") as f:
        f.write(data)
