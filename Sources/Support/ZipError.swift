/// A zip archive that cannot be read or a member that cannot be extracted: the archive, the
/// member when one is concerned, the byte offset in the archive, and what is wrong.
public struct ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    public var archive: String
    public var member: String?
    public var offset: Int?
    public var reason: String

    public init(archive: String, member: String? = nil, offset: Int? = nil, reason: String) {
        self.archive = archive
        self.member = member
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        var where_ = archive
        if let member { where_ += ", member '\(member)'" }
        if let offset { where_ += ", byte \(offset)" }
        return "\(where_): \(reason)"
    }
}
