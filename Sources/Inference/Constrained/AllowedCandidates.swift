/// Finds the tokens a constraint allows in order of logit, best first, without sorting the vocabulary:
/// the best few candidates are selected in one pass, tested, and only if too few pass is the next, larger
/// batch selected. Usually the model's favourite is allowed and one pass suffices.
enum AllowedCandidates {
    /// The first batch; later batches grow eightfold (32, 256, 2048, ...).
    static let firstBatch = 32

    /// Up to `limit` allowed tokens, best first (ties by lower id, as the unconstrained sampler), stopping at
    /// tokens more than `width` below the best allowed one.
    /// - Parameter logits: the (penalized) logits of the whole vocabulary.
    static func best(limit: Int, width: Float, logits: UnsafeBufferPointer<Float>,
                     constraint: some TokenConstraint) -> [Sampler.Candidate] {
        let pool = constraint.candidates
        let poolSize = pool?.count ?? logits.count
        var found: [Sampler.Candidate] = []
        var after: Sampler.Candidate?  // everything up to and including this one was tested
        var batch = firstBatch
        var tested = 0
        while found.count < limit && tested < poolSize {
            let chunk = pool.map { select(batch, after: after, ids: $0, logits: logits) }
                ?? select(batch, after: after, logits: logits)
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

    /// The best `k` tokens of the vocabulary after `after`, sorted best first.
    static func select(_ k: Int, after: Sampler.Candidate?, logits: UnsafeBufferPointer<Float>) -> [Sampler.Candidate] {
        var heap = BoundedHeap(capacity: k, after: after)
        for i in 0..<logits.count { heap.offer(Int32(i), logits[i]) }
        return heap.sorted()
    }

    /// The best `k` of the listed ids after `after`, sorted best first.
    static func select(_ k: Int, after: Sampler.Candidate?, ids: [Int32], logits: UnsafeBufferPointer<Float>) -> [Sampler.Candidate] {
        var heap = BoundedHeap(capacity: k, after: after)
        for id in ids where Int(id) < logits.count { heap.offer(id, logits[Int(id)]) }
        return heap.sorted()
    }

    /// Whether `a` comes before `b`: higher logit, then lower id.
    @inline(__always)
    static func precedes(_ a: Sampler.Candidate, _ b: Sampler.Candidate) -> Bool {
        a.logit > b.logit || (a.logit == b.logit && a.id < b.id)
    }

    /// Keeps the best `capacity` candidates offered that come after `after`: a heap whose root is the worst
    /// kept, so once it is full most offers cost one comparison.
    struct BoundedHeap {
        let capacity: Int
        let after: Sampler.Candidate?
        var items: [Sampler.Candidate] = []

        init(capacity: Int, after: Sampler.Candidate?) {
            self.capacity = capacity
            self.after = after
            items.reserveCapacity(min(capacity, 4096))
        }

        @inline(__always)
        mutating func offer(_ id: Int32, _ logit: Float) {
            if items.count == capacity && !(logit >= items[0].logit) { return }  // the common case, and NaN
            let c = Sampler.Candidate(id: id, logit: logit)
            if let after, !AllowedCandidates.precedes(after, c) { return }
            if items.count < capacity {
                items.append(c)
                AllowedCandidates.siftUp(&items, items.count - 1)
            } else if AllowedCandidates.precedes(c, items[0]) {
                items[0] = c
                AllowedCandidates.siftDown(&items, 0)
            }
        }

        func sorted() -> [Sampler.Candidate] { items.sorted(by: AllowedCandidates.precedes) }
    }

    /// Min-heap by `precedes`: a parent never precedes its children, so the root is the worst kept.
    static func siftUp(_ heap: inout [Sampler.Candidate], _ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    static func siftDown(_ heap: inout [Sampler.Candidate], _ index: Int) {
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
