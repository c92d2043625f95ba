#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A fixed set of worker threads that run one parallel loop at a time, with the caller as worker 0.
///
/// A decode step runs a few hundred short parallel loops (about 20 us each on a small model), so
/// waking threads through the kernel would cost more than the work. Workers spin on an atomic
/// generation counter while work is likely to follow, then fall back to sleeping on a condition
/// variable so an idle process does not burn its cores.
public final class ThreadPool: @unchecked Sendable {
    public let threadCount: Int

    /// The loop being run: called with chunk indices until `chunkCount` is exhausted.
    private var body: ((Int) -> Void)?
    private var chunkCount = 0
    private let nextChunk = Atomic<Int>(0)
    private let finishedWorkers = Atomic<Int>(0)
    /// Incremented once per loop; workers compare it with the last one they ran.
    private let generation = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private var mutex = pthread_mutex_t()
    private var wake = pthread_cond_t()
    private var threads: [pthread_t] = []

    /// Spins before a worker sleeps: long enough to bridge the gap between two loops of one
    /// forward pass (a few microseconds), short enough not to spin between user requests.
    private static let spinsBeforeSleep = 200_000
    /// Spins between two `sched_yield`s while waiting. On a machine with more runnable threads than
    /// cores the thread being waited for may be descheduled; spinning out the time slice then
    /// stalls every loop by milliseconds (llama.cpp's decode fell to 1 token/s that way here),
    /// while yielding lets it run. On an idle machine a yield every ~2 us costs well under 1%.
    private static let spinsPerYield = 1024

    public init(threads: Int) {
        threadCount = max(1, threads)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&wake, nil)
        for index in 1..<threadCount {
            let box = Unmanaged.passRetained(WorkerStart(pool: self, index: index))
            var thread = pthread_t()
            let result = pthread_create(&thread, nil, { raw in
                let start = Unmanaged<WorkerStart>.fromOpaque(raw!).takeRetainedValue()
                start.pool.workerLoop(start.index)
                return nil
            }, box.toOpaque())
            if result == 0 { self.threads.append(thread) } else { box.release() }
        }
    }

    deinit {
        stopping.store(true, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(&mutex)
        generation.add(1, ordering: .sequentiallyConsistent)
        pthread_cond_broadcast(&wake)
        pthread_mutex_unlock(&mutex)
        for t in threads { pthread_join(t, nil) }
        pthread_cond_destroy(&wake)
        pthread_mutex_destroy(&mutex)
    }

    /// Runs `body(chunk)` for every chunk in 0..<chunks, spread over the pool; returns when all ran.
    /// Chunks are handed out dynamically, so uneven chunks balance themselves.
    public func parallelFor(chunks: Int, _ body: (Int) -> Void) {
        guard chunks > 0 else { return }
        if threads.isEmpty || chunks == 1 {
            for c in 0..<chunks { body(c) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            self.body = escapable
            chunkCount = chunks
            nextChunk.store(0, ordering: .relaxed)
            finishedWorkers.store(0, ordering: .relaxed)
            generation.add(1, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(&mutex)
                pthread_cond_broadcast(&wake)
                pthread_mutex_unlock(&mutex)
            }
            runChunks(escapable)
            // Wait until every worker has left the loop before `body` goes out of scope.
            var spins = 0
            while finishedWorkers.load(ordering: .acquiring) < threads.count {
                spins &+= 1
                if spins % Self.spinsPerYield == 0 { sched_yield() }
            }
            self.body = nil
        }
    }

    private func runChunks(_ body: (Int) -> Void) {
        while true {
            let c = nextChunk.add(1, ordering: .relaxed).oldValue
            if c >= chunkCount { return }
            body(c)
        }
    }

    private func workerLoop(_ index: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                spins += 1
                if spins % Self.spinsPerYield == 0 { sched_yield() }
                if spins >= Self.spinsBeforeSleep {
                    pthread_mutex_lock(&mutex)
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    while generation.load(ordering: .sequentiallyConsistent) == seen {
                        pthread_cond_wait(&wake, &mutex)
                    }
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    pthread_mutex_unlock(&mutex)
                    spins = 0
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            if stopping.load(ordering: .sequentiallyConsistent) { return }
            if let body { runChunks(body) }
            finishedWorkers.add(1, ordering: .releasing)
        }
    }
}

private final class WorkerStart {
    let pool: ThreadPool
    let index: Int
    init(pool: ThreadPool, index: Int) { self.pool = pool; self.index = index }
}
