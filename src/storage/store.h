#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "storage/interleaved_index.h"
#include "storage/segment.h"
#include "types/batch.h"
#include "util/status.h"

namespace blueshift::storage {

// One slice's live segments with their deletes, oldest first. Versions share the list until a commit changes
// the slice (copy on write): a commit copies the lists of the slices it changes, not every slice's. A commit
// that only adds segments (a single-row INSERT adds one) does not copy at all: it appends them to the list it
// shares with the version before, past the end of what that version sees (Append), so that a version is a
// prefix of a shared list. Reads as a std::span<const SegmentState> of its own prefix.
class SliceSegments {
 public:
  using const_iterator = const SegmentState*;

  SliceSegments() = default;
  // A copy sees what the original sees now, whatever a later Append adds to the list they share.
  SliceSegments(const SliceSegments& o) : list_(o.list_), size_(o.size()) {}
  SliceSegments& operator=(const SliceSegments& o) {
    size_ = o.size();
    list_ = o.list_;
    return *this;
  }
  SliceSegments(SliceSegments&&) = default;
  SliceSegments& operator=(SliceSegments&&) = default;

  std::span<const SegmentState> list() const { return {begin(), size()}; }
  operator std::span<const SegmentState>() const { return list(); }  // NOLINT: reads as the list
  const_iterator begin() const { return list_ ? list_->items.data() : nullptr; }
  const_iterator end() const { return begin() + size(); }
  size_t size() const { return !list_ ? 0 : size_ == kAll ? list_->items.size() : size_; }
  bool empty() const { return size() == 0; }
  const SegmentState& operator[](size_t k) const { return begin()[k]; }
  const SegmentState& at(size_t k) const;
  const SegmentState& front() const { return begin()[0]; }
  const SegmentState& back() const { return begin()[size() - 1]; }

  // Adds a segment at the end: in place when this is the longest view of a shared list with room (the versions
  // before see only their prefix), else into a new list with room for more (`extra` at least). REQUIRES: as
  // Mutable; concurrent readers of other versions are fine (an element is never moved or changed once added).
  void Append(SegmentState s, size_t extra = 0);
  // The list to change: copied first (with room for `extra` more) when another version (or copy) may share it.
  // REQUIRES: no other thread copies this SliceSegments meanwhile (a version under construction is its
  // builder's alone).
  std::vector<SegmentState>& Mutable(size_t extra = 0);
  void Clear() { list_.reset(); }

 private:
  struct Shared {
    std::vector<SegmentState> items;
    // Appended to in place (Append): each holder sees its own prefix, and the vector never reallocates. A
    // list that is not is changed only through Mutable, by its one holder, which sees all of it.
    bool appendable = false;
  };
  static constexpr size_t kAll = SIZE_MAX;  // size_: every item of a list that is not appendable
  std::shared_ptr<Shared> list_;
  size_t size_ = kAll;
};

// One table's rows at one committed version: per slice, the live segments with their deletes.
struct TableData {
  Oid table_oid = 0;
  std::vector<SliceSegments> slices;  // [slice][k], oldest segment first
  // The version of the last commit that added or deleted rows in this process (0 for none since Open);
  // a fold, which only moves rows between segments, leaves it. Conflict checks compare it.
  uint64_t rows_version = 0;
  // [slice] for a table with an INTERLEAVED sort key once a slice got an index (empty before, and for other
  // tables): see InterleavedSlice.
  std::vector<InterleavedSlice> interleaved;

  uint64_t LiveRows() const;  // rows minus deleted rows, all slices
};

// A prepared commit of another database of the data directory (Store::Prepare) that a commit of this one
// made final: the commit record of a two-phase commit (docs/format/README.md, "Databases").
struct CommitDecision {
  Oid database = 0;      // pg_database.oid of the database that prepared it (0: none)
  uint64_t version = 0;  // the version the prepared commit publishes there

  bool operator==(const CommitDecision& o) const { return database == o.database && version == o.version; }
};

// Per IDENTITY column, by its pg_attrdef oid (ColumnDef::default_oid): how many values of its sequence
// (seed, seed + step, ...) are reserved, i.e. may have been handed out. The generator hands out values past
// its reservation only after a commit has raised it durably (docs/format/manifest.md, "Identity reservations").
using IdentityReservations = std::map<Oid, uint64_t>;

// One committed version of a database: its catalog and every table's data. Immutable and shared: a reader
// pins a version with its shared_ptr for a consistent snapshot, however many commits follow.
struct DbVersion {
  uint64_t version = 0;
  std::shared_ptr<const Catalog> catalog;
  std::map<Oid, std::shared_ptr<const TableData>> tables;
  // The latest CommitDecision a commit of this database made, carried by every later version: Open of the
  // other database makes that prepared commit current if a crash came before it was (PromotePrepared).
  CommitDecision decided;
  // Shared by the versions until a commit raises one (null: none).
  std::shared_ptr<const IdentityReservations> identity;

  // The reservation of the IDENTITY column with pg_attrdef oid `column` (0 when it has none).
  uint64_t IdentityReserved(Oid column) const;

  // REQUIRES: the table exists in this version (an empty table has TableData with empty slices).
  std::shared_ptr<const TableData> Table(Oid oid) const;
};

// Where the rows of a segment that a rewrite (VACUUM, a fold) replaced went: row r is row new_position[r]
// of the concatenation of the segments new_ids (segment i's rows start at starts[i]), or nowhere (kRowGone)
// when the rewrite dropped it as deleted.
struct RowMove {
  static constexpr uint32_t kRowGone = UINT32_MAX;
  std::vector<uint64_t> new_ids;
  std::vector<uint64_t> starts;
  std::shared_ptr<const std::vector<uint32_t>> new_position;
  // The segment id and row that row `row` became; nullopt when it is gone (or past the segment's end).
  std::optional<std::pair<uint64_t, uint32_t>> Find(uint32_t row) const;
};

// Segments a commit removed from the live version, with their table.
using RetiredSegments = std::vector<std::pair<Oid, std::shared_ptr<const SegmentMeta>>>;

// The changes one transaction commits.
struct CommitRequest {
  struct TableChange {
    Oid table = 0;
    bool created = false;    // a new table: starts empty
    bool dropped = false;    // remove the table and, once no version names them, its files
    bool truncated = false;  // drop every existing segment before adding
    std::vector<std::shared_ptr<const SegmentMeta>> added;
    // Newly deleted row positions per segment id (positions within the segment, any order).
    std::map<uint64_t, std::vector<uint32_t>> deleted;
    // Segments to drop from the table (VACUUM replaces them with `added`), each with the delete set the
    // rewrite saw (null for none). Rows deleted since (the delete set is no longer that one) are deleted
    // where `moves` says they went; without a move for the segment, or if a segment is gone, the commit fails
    // with 40001 and changes nothing. Applied after `added` and `deleted`.
    std::map<uint64_t, std::shared_ptr<const DeleteSet>> removed;
    // Of a VACUUM: where the rows of each removed segment went in `added`. A committed move is remembered, so
    // that a transaction whose snapshot still names the old segment deletes its rows where they are now.
    // In memory only: a commit that removes segments without folding is a checkpoint, not a log record.
    std::map<uint64_t, RowMove> moves;
    // A fold of the write store (CommitFold): `added` holds one segment that takes the place of the first
    // `removed` segment in its slice, whatever the removed segments' delete sets are now (the fold carried
    // them over into `deleted` of the new segment); the table's rows_version stays.
    bool fold = false;
    // VACUUM of an INTERLEAVED table: the slices whose interleaved state this commit sets (the index the
    // rewrite sorted by, with the segments it added as the sorted region).
    std::map<uint32_t, InterleavedSlice> interleaved;
  };
  std::shared_ptr<const Catalog> catalog;  // the new catalog; null when unchanged
  std::vector<TableChange> tables;
  // IDENTITY reservations to raise (DbVersion::identity; a lower one than the version's is ignored).
  IdentityReservations identity;
  // Makes this prepared commit of another database final; such a commit is always a checkpoint (manifest).
  std::optional<CommitDecision> decides;
};

// A commit written (segment files, manifest) but not current yet: the first phase of a two-phase commit
// (Store::Prepare). Holds the store's commit lock until CommitPrepared, AbortPrepared or AbandonPrepared (or
// its destruction, which leaves the manifest to the next Open's garbage collection).
struct PreparedCommit {
  std::shared_ptr<DbVersion> next;
  RetiredSegments retired;
  std::unique_lock<std::mutex> commit_lock;
};

// What RewriteSegments produced: commit it as one TableChange with `added` and `removed` (ToChange()).
struct SegmentRewrite {
  std::vector<std::shared_ptr<const SegmentMeta>> added;         // empty when no row survived
  std::map<uint64_t, std::shared_ptr<const DeleteSet>> removed;  // the rewritten segments
  // Where the rows of each removed segment went in `added`; empty when the rewrite could not track them
  // (an INTERLEAVED slice's unsorted segments are sorted in pieces first, which loses the rows' origins).
  std::map<uint64_t, RowMove> moves;
  uint64_t rows_kept = 0;
  uint64_t rows_dropped = 0;    // deleted rows reclaimed
  int intermediate_passes = 0;  // merge passes that wrote intermediate runs (the slice did not fit in memory)

  CommitRequest::TableChange ToChange(Oid table) const;
};

// Bounds of one rewrite (RewriteSegments; docs/design/vacuum.md, "Memory").
inline constexpr uint64_t kVacuumSegmentRows = uint64_t{1} << 24;
struct RewriteLimits {
  uint64_t memory_bytes = uint64_t{256} << 20;  // working memory; a floor of one writer and two cursors
  uint64_t segment_rows = kVacuumSegmentRows;   // rows per new segment, about (cut at a sort-key change)
};

class VacuumLog;       // storage/vacuum.h
struct ColumnData;     // storage/column_data.h
struct SegmentSketch;  // storage/column_stats.h
class SketchCache;     // storage/table_stats.h
// What FoldSegments produced: one segment file holding every row (deleted ones too) of `folded`, sorted,
// and where each old row went. Commit it with CommitFold.
struct SegmentFold {
  Oid table = 0;
  std::shared_ptr<const SegmentMeta> added;
  std::vector<std::shared_ptr<const SegmentMeta>> folded;
  std::vector<std::shared_ptr<const std::vector<uint32_t>>> new_position;  // [k][row of folded[k]] -> row of added
};

// Under ENCODE AUTO a fold of fewer rows than this is written RAW, as the write store is (docs/format/block.md,
// "ENCODE AUTO"): the write-store folder merges such a file again within seconds, and encoding it cost more
// than the rest of its fold; larger folds reuse the encodings an earlier fold of the table chose.
inline constexpr uint64_t kFoldTrialRows = 1024;
// A fold's trial of the candidates encodes at most this many rows of each column (of its first block).
inline constexpr uint32_t kFoldTrialSampleRows = 4096;
// A fold of trial_rows or more (whose file stays) tries the candidates once, then takes that choice for the
// table's next this-many such folds.
inline constexpr int kLargeFoldReuses = 7;

struct StoreOptions {
  int num_slices = 2;
};

class WriteAheadLog;

// A segment file that a commit removed from the live version; unlinked once no version in memory names it
// and a manifest no longer names it (the commit that retired it may be a log record only).
struct RetiredSegmentFile {
  std::weak_ptr<const SegmentMeta> meta;
  std::string path;
  uint64_t version = 0;  // the commit that retired it
};

// Store owns a data directory: segment files, delete files, manifests and the CURRENT pointer, with the
// commit protocol and layout of docs/format/. Open() recovers from the last committed manifest alone and
// deletes files no committed manifest names. Thread-safe: WriteSegment and OpenSegment run concurrently;
// Commit calls are serialized internally.
class Store {
 public:
  // Opens DIR, creating an empty database (Catalog::Bootstrap()) if it holds none. The slice count of an
  // existing database wins over options.num_slices (a change is ignored, with the stored count kept).
  static Result<std::unique_ptr<Store>> Open(const std::string& dir, const StoreOptions& options);
  ~Store();

  int num_slices() const { return num_slices_; }
  // The newest committed version, durable or not yet (its log record may still await its fsync): the base
  // of the next commit.
  std::shared_ptr<const DbVersion> Current() const;
  // The newest durable version: what a new transaction reads (it never sees what a crash could take back).
  std::shared_ptr<const DbVersion> Snapshot() const;

  // Writes one immutable segment of a table on a slice from the given rows (batches in the table's column
  // order, no selection vectors), sorted by the table's sort key, encoded per column, checksummed and
  // fsynced. The segment is invisible until a Commit names it; an uncommitted one is garbage after a crash,
  // and once nobody holds its SegmentMeta (the statement failed, the transaction rolled back) its file goes
  // with RemoveUnpublishedFiles. Errors: 53100 on a full disk, 58030 on other I/O failures; nothing is left
  // behind on error. Without
  // `statistics` (COPY ... STATUPDATE OFF) the segment carries no sketches: its rows count in stats_off until
  // ANALYZE sketches them or a rewrite (fold, VACUUM) writes them again.
  Result<std::shared_ptr<const SegmentMeta>> WriteSegment(const TableDef& table, uint32_t slice,
                                                          const std::vector<Batch>& rows, bool statistics = true);
  // The write store's form of WriteSegment for small writes: the segment is built in memory
  // (meta->memory_image, BuildMemorySegment: RAW under ENCODE AUTO, no sketches) and reaches the disk only
  // inside its commit's log record. Background folding (FoldSegments, then CommitFold) later merges such
  // segments into segment files, encoded and sketched.
  Result<std::shared_ptr<const SegmentMeta>> WriteMemorySegment(const TableDef& table, uint32_t slice,
                                                                const std::vector<Batch>& rows);

  // VACUUM's storage step: reads the live rows (as of their delete sets) of `segments`, all of `table` on
  // `slice` and taken from one version, and writes them as new segments sorted by the sort key (one merged
  // run cut into segments of about limits.segment_rows rows), dropping deleted rows. A streaming k-way merge
  // (segment_merge.h) whose memory stays within limits.memory_bytes, whatever the slice's size. Nothing is
  // visible until the caller commits rewrite.ToChange(table.oid) on a current version; readers pinned to
  // older versions keep reading the old segments, whose files are unlinked once no version in memory names
  // them. Rows of these segments deleted between this call and that commit are deleted in the new segments
  // by the commit (rewrite.moves), and later deletes by transactions whose snapshot names the old segments
  // follow them too; without moves the commit fails with 40001 then (DiscardRewrite, then redo the rewrite).
  // Errors: as WriteSegment, and XX001 when an old block is
  // damaged; nothing is left behind on error.
  //
  // An INTERLEAVED table needs `order`: the rows are merged in the order of order->index; the segments in
  // order->sorted_segments are sorted by it already, every other one is first sorted by it in pieces that
  // fit the working memory (temporary runs, removed when merged).
  Result<SegmentRewrite> RewriteSegments(const TableDef& table, uint32_t slice,
                                         const std::vector<SegmentState>& segments,
                                         const RewriteLimits& limits = RewriteLimits(),
                                         const InterleavedSlice* order = nullptr);
  // An index for `slice` of INTERLEAVED `table` from the live rows of `segments` (evenly sampled); null when
  // they hold no live row. XX001 when a block is damaged.
  Result<std::shared_ptr<const InterleavedIndex>> BuildSliceIndex(const TableDef& table,
                                                                  std::span<const SegmentState> segments) const;
  // SVV_INTERLEAVED_COLUMNS.interleaved_skew of INTERLEAVED `table` at version `data`, per sort-key column:
  // per slice with an index, the largest ratio of a range of codes' share of the live non-NULL rows to its
  // share of the codes (1.0: no skew; docs/design/interleaved.md), averaged over the slices by rows. Reads
  // the key columns of every live row. nullopt when no slice has an index. XX001 when a block is damaged.
  Result<std::optional<std::vector<double>>> InterleavedSkew(const TableDef& table, const TableData& data) const;
  // Removes the files of a rewrite that will not be committed.
  void DiscardRewrite(Oid table, const SegmentRewrite& rewrite);

  // The write store's fold: rewrites `segments` (all of `table` on `slice`, from one version) as one sorted
  // segment file that keeps every row, deleted or not, so that deletes made meanwhile can be carried over.
  // Under ENCODE AUTO a fold of fewer than kFoldTrialRows rows is RAW and one of fewer than trial_rows rows
  // takes the encodings the table's last trial chose (FoldEncodings); the write-store folder passes the size
  // from which a fold's file is final, so that only the merges whose files stay try the candidates.
  Result<SegmentFold> FoldSegments(const TableDef& table, uint32_t slice, std::span<const SegmentState> segments,
                                   uint64_t trial_rows = kFoldTrialRows);
  // Replaces the folded segments by the new one in the current version, carrying over every delete made so
  // far and remembering where the rows went, so that a transaction that started before the fold and deletes
  // rows of the old segments commits them to the new one. The fold is one log record (no manifest); with
  // wait_lsn it is durable after WaitDurable(*wait_lsn), as for Commit. If an old segment is gone (dropped,
  // truncated, vacuumed), 40001 and nothing changes. REQUIRES: the caller orders it with other commits as
  // for Commit.
  Result<std::shared_ptr<const DbVersion>> CommitFold(const SegmentFold& fold, uint64_t* wait_lsn = nullptr);
  // How many tables have fold encodings remembered (FoldEncodings); a dropped table's are forgotten.
  size_t TablesWithFoldEncodings() const;
  // Checkpoints the current version (write-store segments to files, a manifest, a new log) when the log has
  // grown to at least min_log_bytes; returns whether it did. Bounds the log's size and the replay at Open.
  // In two steps, so that commits go on while the checkpoint writes its files: BeginLogCheckpoint syncs the
  // log and starts a new log file at the current version (returned; null when the log is smaller than
  // min_log_bytes) and REQUIRES that the caller orders it with other commits as for Commit;
  // FinishLogCheckpoint then writes that version's write-store segments to files and its manifest and
  // deletes the older log files (until then a crash replays them), with commits running meanwhile.
  // CheckpointLog does both (REQUIRES: as BeginLogCheckpoint).
  Result<bool> CheckpointLog(uint64_t min_log_bytes);
  // Unlinks the files of retired segments that no version in memory and no manifest names any more. A
  // commit does so too, but a file whose last reader finishes after the commit that retired it (a VACUUM's
  // old segments, a dropped table's while a query still read it) would wait for the next commit: the
  // write-store folder calls this every round, so space comes back on an idle server too.
  void RemoveRetiredFiles();
  // Unlinks the files of segments WriteSegment wrote that no Commit or Prepare has taken and whose SegmentMeta
  // nobody holds any more: a failed statement's, a rolled-back transaction's. A commit takes its segments
  // before it writes its log record or manifest, so a file that a commit (even a failed one, whose outcome
  // may be unknown) names is never removed here; a crash leaves the rest to Open. Lock-free when there are
  // none; RemoveRetiredFiles calls it too. Thread-safe.
  void RemoveUnpublishedFiles();
  Result<std::shared_ptr<const DbVersion>> BeginLogCheckpoint(uint64_t min_log_bytes);
  Status FinishLogCheckpoint(const DbVersion& base);

  Result<std::unique_ptr<SegmentReader>> OpenSegment(const TableDef& table, const SegmentMeta& segment) const;

  // Publishes base's successor with the changes applied: writes the manifest (which carries the delete
  // sets), fsyncs, then switches CURRENT atomically (docs/format/README.md). REQUIRES: base is Current()
  // (callers hold their own commit order and re-check conflicts against Current() first); a stale base is
  // 40001. Tables in the new catalog without data are created empty; tables missing from it are dropped.
  // Files of dropped/truncated segments are unlinked by a later commit or RemoveRetiredFiles once no version
  // in memory names them (or by the next Open). Returns the new version. A failed commit leaves Current() unchanged.
  //
  // A commit that only adds segments and deletes rows (wal_record.h: IsLoggable) appends one record to the
  // write-ahead log instead of writing a manifest; it is durable once the log is fsynced (group commit).
  // With wait_lsn null, Commit waits for that itself; otherwise it returns at once with *wait_lsn set (0 for
  // a commit that is already durable), and the caller calls WaitDurable(*wait_lsn) after releasing its own
  // locks, so that concurrent committers share one fsync. Every other commit is a checkpoint: write-store
  // segments still in memory are written to segment files, then the manifest, then the log starts over.
  Result<std::shared_ptr<const DbVersion>> Commit(const DbVersion& base, const CommitRequest& request,
                                                  uint64_t* wait_lsn = nullptr);
  // Two-phase commit (docs/format/README.md, "Databases"), for a transaction whose commit point is another
  // database's commit. Prepare checks and builds the commit as Commit does and writes it as a checkpoint
  // (segment files, then manifests/MANIFEST-<version>), durably, without switching CURRENT: it is not
  // current, a restart discards it (Open's garbage collection) unless PromotePrepared made it current
  // first. CommitPrepared switches CURRENT to it and publishes it; AbortPrepared removes its manifest. No
  // other commit of this store runs in between (the prepared commit holds the commit lock).
  Result<PreparedCommit> Prepare(const DbVersion& base, const CommitRequest& request);
  // A failure of CommitPrepared (an I/O error) is sticky: the commit was decided, so the store accepts no
  // more commits until it is reopened, which makes it current.
  Result<std::shared_ptr<const DbVersion>> CommitPrepared(PreparedCommit prepared);
  void AbortPrepared(PreparedCommit prepared);
  // When the deciding commit failed without it being known whether it was made (its commit point may have
  // passed): keeps the prepared manifest for the next Open to promote or discard, and fails every later
  // commit with `why` until then (a commit on top of the version before it could be lost then).
  void AbandonPrepared(PreparedCommit prepared, const Status& why);
  // Whether AbandonPrepared left a decided commit for the next Open (lock-free: read under other stores'
  // locks).
  bool HasUnfinished() const { return has_unfinished_.load(); }
  // The version the CURRENT file in `dir` names; XX001 when it is damaged.
  static Result<uint64_t> CurrentVersionOf(const std::string& dir);
  // Before Open of the store in `dir`: makes the prepared commit of `version` current when CURRENT names an
  // older version (a crash came after the commit that decided it, before CommitPrepared). XX001 when the
  // prepared manifest is missing then. Nothing happens when CURRENT names `version` or a later one.
  static Status PromotePrepared(const std::string& dir, uint64_t version);

  // Blocks until the commit with log sequence number lsn is durable (0: returns at once). An fsync failure
  // is 58030 and sticky: the store accepts no more commits until it is reopened.
  Status WaitDurable(uint64_t lsn);

  // The distinct-count and frequent-value sketches of a segment's columns (docs/format/statistics.md): kept
  // from when this process wrote it, else read from the segment file's statistics section, else (a file of
  // format 1 or 2, one written without statistics, a write-store segment) computed by reading the segment
  // when compute_if_missing (null otherwise); cached until the segment is gone. XX001 when damaged.
  // Thread-safe. Table-level statistics: storage/table_stats.h.
  Result<std::shared_ptr<const SegmentSketch>> SegmentStatistics(const TableDef& table,
                                                                 const std::shared_ptr<const SegmentMeta>& segment,
                                                                 bool compute_if_missing = true) const;

  // The data directory (for STV_PARTITIONS' capacity) and this store's VACUUM history (STL_VACUUM).
  const std::string& dir() const { return dir_; }
  VacuumLog* vacuum_log() const { return vacuum_log_.get(); }

 private:
  Store() = default;
  std::string SegmentDir(Oid table, uint32_t slice) const;
  std::string SegmentPath(Oid table, uint32_t slice, uint64_t id) const;
  Status CreateLayout();
  // How a write to `slice` of `table` sorts: by the slice's interleaved index; without one, on a write to
  // the empty slice (when may_propose), by an index of its own that it proposes (SegmentMeta::proposed_index).
  SegmentOrder WriteOrder(const TableDef& table, uint32_t slice, bool may_propose) const;
  // RewriteSegments of an INTERLEAVED table: replaces each segment of *inputs that order does not name as
  // sorted by sorted runs of its live rows (segment files no version names, listed in *runs).
  Status SortUnsortedSegments(const TableDef& table, uint32_t slice, const InterleavedSlice& order,
                              const RewriteLimits& limits, std::vector<SegmentState>* inputs,
                              std::vector<std::shared_ptr<const SegmentMeta>>* runs);
  // The id of a new segment file of the slice, its directories created.
  Result<uint64_t> NewSegmentId(const TableDef& table, uint32_t slice);
  Result<std::shared_ptr<const SegmentMeta>> WriteOrderedSegment(const TableDef& table, uint32_t slice,
                                                                 const std::vector<Batch>& rows, bool statistics,
                                                                 const SegmentOrder& order,
                                                                 const std::vector<Encoding>* encodings = nullptr);
  // The encodings a fold of `columns` (sorted) writes: nullopt (the table's) without ENCODE AUTO; RAW for fewer
  // than kFoldTrialRows rows; else the encodings the table's last trial on a fold chose, when the table's
  // column types are still those and the fold has fewer than trial_rows rows or that trial was a larger
  // fold's and fewer than kLargeFoldReuses larger folds took it since; else a trial on the first
  // kFoldTrialSampleRows rows (of the first block), remembered for the next folds.
  std::optional<std::vector<Encoding>> FoldEncodings(const TableDef& table, const std::vector<ColumnData>& columns,
                                                     uint64_t trial_rows);
  void ForgetFoldEncodingsOfDropped(const DbVersion& db);  // of tables db no longer has
  Status Recover(const StoreOptions& options);
  Status Bootstrap(const StoreOptions& options);
  Status Publish(const DbVersion& next);  // manifest, then CURRENT
  Status WriteManifest(const DbVersion& next);
  // CURRENT names version's manifest (written already), then the manifests before the one before it go;
  // skipped when CURRENT names a later version already (a DDL checkpoint overtook a log checkpoint).
  // Thread-safe.
  Status SwitchCurrent(uint64_t version);
  static Status WriteCurrent(const std::string& dir, uint64_t version);
  // The successor of base with request applied (not yet published); removed segments go to *retired.
  Result<std::shared_ptr<DbVersion>> BuildNext(const DbVersion& base, const CommitRequest& request,
                                               RetiredSegments* retired);
  Status Checkpoint(const DbVersion& next);         // write-store images to files, manifest, new log
  Status PrepareCheckpoint(const DbVersion& next);  // write-store images to files, manifest
  Status FinishCheckpoint(const DbVersion& next);   // CURRENT, new log
  // Makes next current once it is written (log record lsn, or 0 for a checkpoint) and retires what it
  // removed. REQUIRES: commit_mu_ held.
  Status CheckBase(const DbVersion& base) const;  // 40001 unless base is Current()
  // The files it made removable go to *removable, to be unlinked once the commit lock is released.
  std::shared_ptr<const DbVersion> FinishCommit(std::shared_ptr<DbVersion> next, RetiredSegments* retired, uint64_t lsn,
                                                std::vector<std::string>* removable);
  Status WriteMemoryImages(const DbVersion& v);  // each write-store segment without a file gets one
  Status ReplayLog();                            // at Open: log records after the manifest's version
  // Rewrites deletes of segments a fold or VACUUM replaced to where their rows went; 40001 for a row that a
  // VACUUM dropped as deleted (a concurrent transaction deleted it first). REQUIRES: commit_mu_ held.
  Result<CommitRequest> ForwardDeletes(const CommitRequest& request) const;
  // Remembers where the rows of segments `request` removed went (a fold's or VACUUM's moves) and then forgets
  // the moves of segments no version names any more. REQUIRES: commit_mu_ held.
  void RememberMoves(const CommitRequest& request, const RetiredSegments& retired);
  void PublishCurrent(std::shared_ptr<const DbVersion> next, uint64_t lsn);  // REQUIRES: commit_mu_ held
  Status CollectGarbage();  // at Open: everything the live manifest does not name
  Status CollectTableGarbage(const std::string& name);
  // Every manifest but live_version and the one before; newer ones (an undecided prepared commit's) only
  // when newer_too.
  void RemoveOldManifests(uint64_t live_version, bool newer_too);
  void Retire(const RetiredSegments& retired, uint64_t version);  // REQUIRES: commit_mu_ held
  // The files of retired segments that no version in memory and no manifest names any more, taken off the
  // list (REQUIRES: commit_mu_ held); RemoveFiles unlinks them, after the lock is released.
  std::vector<std::string> TakeRemovableFiles();
  // The files of `request`'s added segments are the commit's from now on (unpublished_ forgets them).
  void TakeUnpublished(const CommitRequest& request);
  static void RemoveFiles(const std::vector<std::string>& paths);

  std::string dir_;
  int num_slices_ = 2;
  uint64_t cache_scope_ = 0;  // RawBlockCache's scope of this store's segment files
  mutable std::mutex mu_;     // guards current_
  std::shared_ptr<const DbVersion> current_;
  std::mutex commit_mu_;
  std::atomic<uint64_t> next_segment_id_{1};
  std::vector<RetiredSegmentFile> retired_;  // guarded by commit_mu_
  // Files WriteSegment wrote that no commit has taken yet, by segment id (RemoveUnpublishedFiles).
  struct UnpublishedFile {
    std::weak_ptr<const SegmentMeta> meta;
    std::string path;
  };
  std::mutex unpublished_mu_;
  std::map<uint64_t, UnpublishedFile> unpublished_;  // guarded by unpublished_mu_
  std::atomic<size_t> unpublished_count_{0};         // unpublished_.size(), read without the lock
  uint64_t manifest_version_ = 0;                    // of the newest published manifest; guarded by commit_mu_
  bool reserve_from_zone_maps_ = false;  // Open found a manifest without IDENTITY reservations (format 3 or older)
  // Write-store segments with an id from here on have no file: the last checkpoint (the only writer of
  // their files) came before they were made. Guarded by commit_mu_.
  uint64_t unimaged_from_ = 0;
  std::mutex manifest_mu_;                 // orders SwitchCurrent
  uint64_t published_version_ = 0;         // of the manifest CURRENT names; guarded by manifest_mu_
  std::atomic<uint64_t> image_writes_{0};  // names WriteMemoryImages' temporary files
  // Not OK once a decided prepared commit could not be made current (CommitPrepared): every later commit
  // fails with it. Guarded by commit_mu_.
  Status unfinished_;
  std::atomic<bool> has_unfinished_{false};  // !unfinished_.ok()
  std::unique_ptr<VacuumLog> vacuum_log_;
  std::unique_ptr<SketchCache> sketches_;
  // Where the rows of folded or vacuumed segments went, by old segment id; an entry lives while some version
  // names the old segment (a transaction may still delete its rows). Guarded by commit_mu_.
  struct Forward {
    std::weak_ptr<const SegmentMeta> old_meta;
    RowMove move;
  };
  std::map<uint64_t, Forward> forwards_;
  // Per table, the encodings the last ENCODE AUTO trial of a fold chose, with its column types and the rows
  // of its sample (the segment's first block). Guarded by fold_encodings_mu_.
  struct FoldChoice {
    std::vector<LogicalType> types;
    std::vector<Encoding> encodings;
    bool large = false;    // chosen by a fold of trial_rows or more
    int large_reuses = 0;  // larger folds that took it since
  };
  mutable std::mutex fold_encodings_mu_;
  std::map<Oid, FoldChoice> fold_encodings_;
  std::unique_ptr<WriteAheadLog> wal_;
  std::shared_ptr<const DbVersion> durable_;  // guarded by mu_
  // Versions committed to the log but not yet known durable, oldest first, with their lsn. Guarded by mu_.
  std::vector<std::pair<uint64_t, std::shared_ptr<const DbVersion>>> pending_;
};

}  // namespace blueshift::storage
