/// Runs `body` for indices 0..<count with at most `limit` running at once and returns the results
/// in index order, whatever order they finish in (as FlowRunner's map steps do).
enum BoundedTasks {
    static func run<T: Sendable>(count: Int, limit: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        var results = [T?](repeating: nil, count: count)
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var next = 0
            while next < min(max(1, limit), count) {
                let index = next
                group.addTask { (index, try await body(index)) }
                next += 1
            }
            while let (index, value) = try await group.next() {
                results[index] = value
                if next < count {
                    let index = next
                    group.addTask { (index, try await body(index)) }
                    next += 1
                }
            }
        }
        return results.compactMap { $0 }
    }
}
