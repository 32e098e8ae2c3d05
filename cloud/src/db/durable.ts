// Committing without holding row locks through the disk flush, and answering
// only once durable. A transaction that writes rows every request of its kind
// shares (the day's need-number counter, the statistics rollups, a rate-limit
// window) holds their row locks until its commit is done; with a synchronous
// commit that includes the WAL flush (an fsync), so such requests run one
// fsync after another, and none of them shares a flush with another.
//
// Instead the transaction commits asynchronously (COMMIT_WITHOUT_FLUSH, a
// column of one of its statements): its commit record is in the WAL when
// COMMIT returns and its locks go at once. Before the client is told,
// Db.transaction(fn, { flushAfterCommit: true }) waits for a tiny synchronous
// transaction that writes WAL (FLUSH_COMMITTED_SQL) begun after its COMMIT:
// that flush covers every commit record before it, ours included. On a pool
// one such flush runs at a time, shared by every request committed while the
// one before it ran (db/types.ts sharedFlush). Crash safety holds: the WAL keeps commits in order, so
// a crash loses at most a suffix of them — whose clients were not answered
// yet — and a counter never comes back with a gap.
/** A SELECT expression: the transaction it runs in commits without waiting for the WAL flush. */
export const COMMIT_WITHOUT_FLUSH = `set_config('synchronous_commit', 'off', true)`;
