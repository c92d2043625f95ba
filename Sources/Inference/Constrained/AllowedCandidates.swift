/// Finds the tokens a constraint allows in order of logit, best first, without sorting the vocabulary:
/// the best few candidates are selected in one pass, tested, and only if too few pass is the next, larger
/// batch selected. Usually the model's favourite is allowed and one pass suffices.
enum AllowedCandidates {
    /// The first batch; later batches grow eightfold (32, 256, 2048, ...).
    static let firstBatch = 32

    /// Up to `limit` allowed tokens, best first (ties by lower id, as the unconstrained sampler), stopping at
    /// tokens more than `width` below the best allowed one.
    /// - Parameters:
    ///   - count: the vocabulary size (ids 0..<count), used when the constraint lists no candidates.
    ///   - logit: the (penalized) logit of an id.
    static func best(limit: Int, width: Float, count: Int, logit: (Int) -> Float,
                     constraint: some TokenConstraint) -> [Sampler.Candidate] {
        let pool = constraint.candidates
        let poolSize = pool?.count ?? count
        var found: [Sampler.Candidate] = []
        var after: Sampler.Candidate?  // everything up to and including this one was tested
        var batch = firstBatch
        var tested = 0
        while found.count < limit && tested < poolSize {
            let chunk = pool.map { ids in
                select(batch, after: after, ids.count) { i in Sampler.Candidate(id: ids[i], logit: logit(Int(ids[i]))) }
            } ?? select(batch, after: after, count) { i in Sampler.Candidate(id: Int32(i), logit: logit(i)) }
            for candidate in chunk {
                if let top = found.first, candidate.logit < top.logit - width { return found }
                if constraint.allows(candidate.id) {
                    found.append(candidate)
                    if found.count == limit { return found }
                }
            }
            tested += chunk.count
            guard let last = chunk.last else { break }
            after = last
            batch *= 8
        }
        return found
    }

    /// Whether `a` comes before `b`: higher logit, then lower id.
    @inline(__always)
    static func precedes(_ a: Sampler.Candidate, _ b: Sampler.Candidate) -> Bool {
        a.logit > b.logit || (a.logit == b.logit && a.id < b.id)
    }

    /// The best `k` of `n` candidates that come after `after`, sorted best first: one pass keeping a heap
    /// whose root is the worst kept, so most elements cost one comparison.
    static func select(_ k: Int, after: Sampler.Candidate?, _ n: Int,
                       _ candidate: (Int) -> Sampler.Candidate) -> [Sampler.Candidate] {
        var heap: [Sampler.Candidate] = []
        heap.reserveCapacity(min(k, n))
        for i in 0..<n {
            let c = candidate(i)
            if let after, !precedes(after, c) { continue }
            if heap.count < k {
                heap.append(c)
                siftUp(&heap, heap.count - 1)
            } else if precedes(c, heap[0]) {
                heap[0] = c
                siftDown(&heap, 0)
            }
        }
        heap.sort(by: precedes)
        return heap
    }

    /// Min-heap by `precedes`: a parent never precedes its children, so the root is the worst kept.
    private static func siftUp(_ heap: inout [Sampler.Candidate], _ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [Sampler.Candidate], _ index: Int) {
        var parent = index
        while true {
            var worst = parent
            let left = 2 * parent + 1, right = left + 1
            if left < heap.count && precedes(heap[worst], heap[left]) { worst = left }
            if right < heap.count && precedes(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
