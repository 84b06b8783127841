#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace blueshift::storage {

constexpr uint32_t kWalFormatVersion = 4;  // 1 to 3 are read too (wal_record.h)

// WriteAheadLog is the commit log of docs/format/wal.md: one file, wal/WAL-<first version>.log, that
// commits append a framed record to. Durability is by group commit: Append only reserves the record's
// place in the (preallocated) file and buffers its bytes; Sync(lsn) returns once one write and one fdatasync
// covered the record. Concurrent callers share them: the first waiter becomes the leader and at once (it
// never waits for more commits) writes every record buffered so far with one pwrite and syncs it, while
// records appended meanwhile collect in the buffer for the next leader (a write into the page an fdatasync is writing
// back would wait for it, so no commit writes the file while holding the caller's commit lock). A checkpoint (a
// manifest naming everything the log holds) makes the log redundant: Rotate starts a new file and deletes the older
// ones (or StartNewFile, then RemoveFilesBefore once the manifest is out). Thread-safe. A failure to write or sync
// buffered records is sticky: every later Append and Sync fails (their commits are already the base of later ones, and
// data in the page cache may be lost, so nothing may be acknowledged again until a restart recovers from what is on
// disk).
class WriteAheadLog {
 public:
  // How records reach the disk. kDirect opens each log file O_DIRECT | O_DSYNC where the file system allows
  // it (else as kBuffered): a sync is then one write that is durable when it returns (the partly filled last
  // page is written again whole, with the records before it), which cost a commit 23 µs against 28-35 µs for
  // a buffered write and an fdatasync on this project's test machine, and less kernel CPU. kBuffered writes
  // through the page cache and fdatasyncs.
  enum class Io { kDirect, kBuffered };

  // Starts an empty log file for records from first_version on (replacing one of that name) and deletes
  // every other log file. REQUIRES: a manifest covers every record of the older files.
  static Result<std::unique_ptr<WriteAheadLog>> Create(const std::string& dir, uint64_t first_version,
                                                       Io io = Io::kDirect);
  ~WriteAheadLog();

  struct Record {
    uint32_t format_version = 0;  // of the file it is in
    std::string payload;
  };
  // Every intact record of every log file in dir, oldest file first, stopping at the first torn or damaged
  // record (the tail of a write that a crash interrupted). A missing dir is no records.
  static Result<std::vector<Record>> ReadAll(const std::string& dir);

  // Adds one record (not yet durable; in the buffer while the file has room for it, else written at once)
  // and returns its log sequence number (1, 2, ... over the process's life). REQUIRES: callers order their
  // Appends (the store holds its commit lock).
  // Errors: 53100 on a full disk, 58030 otherwise; a failed Append leaves no partial record behind.
  Result<uint64_t> Append(std::string_view payload);
  // Blocks until record lsn is on disk (written and fdatasynced).
  Status Sync(uint64_t lsn);
  uint64_t synced_lsn() const;
  // Bytes in the current log file (records appended since the last Rotate, and the header).
  uint64_t file_bytes() const;
  // Whether the current file is written O_DIRECT | O_DSYNC (Io::kDirect on a file system that allows it).
  bool direct() const;
  // Checkpoint: everything appended so far is covered by a manifest and counts as durable; records from
  // first_version on go to a new file; the older files are deleted.
  Status Rotate(uint64_t first_version);
  // A checkpoint in two steps, so that commits need not wait for its manifest: StartNewFile writes and syncs
  // every record appended so far (the old file is then complete on disk) and sends the records from
  // first_version on to a new file, keeping the older files (a crash before the checkpoint's manifest replays
  // them); once a manifest holds every version before first_version, RemoveFilesBefore deletes them.
  Status StartNewFile(uint64_t first_version);
  Status RemoveFilesBefore(uint64_t first_version);

 private:
  WriteAheadLog(std::string dir, Io io) : dir_(std::move(dir)), io_(io) {}
  // REQUIRES: mu_ held, no sync running; remove_older deletes every other log file.
  Status OpenFile(uint64_t first_version, bool remove_older);
  Status Preallocate(uint64_t needed);      // REQUIRES: mu_ held
  Status WriteAll(std::string_view bytes);  // at file_size_; REQUIRES: mu_ held, nothing buffered
  // Writes the buffered records now (the file stopped being preallocated). REQUIRES: mu_ held, no sync running.
  Status WriteBuffered();
  // Writes records at `at`, the end of everything written to the file so far (every write appends); with
  // `zeros`, writes that many zero bytes there instead, and the end stays where it was (a failed write is
  // undone). 0, or the errno of the failed write. REQUIRES: the writer's role: mu_ held and no sync
  // running, or being the sync's leader.
  int WriteAt(std::string_view bytes, uint64_t at);
  int ZeroAt(size_t size, uint64_t at);
  int WriteDirect(std::string_view bytes, size_t zeros, uint64_t at, bool advance);

  // Direct writes are of whole pages of this size, at offsets that are multiples of it (O_DIRECT).
  static constexpr size_t kPage = 4096;

  // The file grows by zero-filled chunks of this size (docs/format/wal.md).
  static constexpr uint64_t kPreallocChunk = 4ull << 20;

  std::string dir_;
  const Io io_;
  mutable std::mutex mu_;
  // A committer waiting for a sync that covers its record: it sleeps on its own word (a futex) until the
  // leader of such a sync (or a checkpoint) sets it. The leader hands each waiter its outcome directly, so a
  // woken committer returns without taking mu_ again (waking a group that then queued on mu_ cost several
  // futex calls and context switches per INSERT), and it hands the leadership of the next sync to the oldest
  // waiter its sync did not cover. Waiters live on their committers' stacks.
  struct Waiter {
    uint64_t lsn = 0;
    std::atomic<uint32_t> state{0};  // kWaiting, kDurable, kFailed or kLead (wal.cc)
  };
  // Takes the waiters that synced_ (or error_) settles off waiters_, with their outcome, and, when no sync
  // runs, the oldest other waiter to lead the next one. REQUIRES: mu_ held. Release wakes them (best
  // after mu_ is unlocked, so that none of them queues on it).
  std::vector<std::pair<Waiter*, uint32_t>> Settle();
  static void Release(const std::vector<std::pair<Waiter*, uint32_t>>& settled);

  std::vector<Waiter*> waiters_;     // in Sync, oldest first; guarded by mu_
  std::condition_variable idle_cv_;  // no sync running (Rotate; Append on a file that is not preallocated)
  int fd_ = -1;
  bool direct_ = false;  // fd_ is O_DIRECT | O_DSYNC: writes are whole aligned pages and need no fdatasync
  std::string path_;
  // Direct: the bytes of the file's last, partly written page (from tail_at_, a page boundary, to the end of
  // what was written), which the next write writes again; a page-aligned buffer for the pages of a write.
  // Owned by the writer's role (WriteAt).
  std::string tail_;
  uint64_t tail_at_ = 0;
  std::unique_ptr<char, void (*)(void*)> pages_{nullptr, &std::free};
  size_t pages_size_ = 0;
  uint64_t file_size_ = 0;  // where the next record goes: the end of the last whole record (buffered or not)
  std::string buffer_;      // records appended but not yet written, for offsets [buffer_at_, file_size_)
  uint64_t buffer_at_ = 0;
  uint64_t allocated_ = 0;   // the file's size: zeros from file_size_ on
  bool preallocate_ = true;  // false after a chunk did not fit: records are then appended as they come
  uint64_t appended_ = 0;    // lsn of the last record written
  uint64_t synced_ = 0;      // lsn of the last record known durable
  bool syncing_ = false;     // a leader is writing and syncing (it took the buffer)
  Status error_;             // sticky failure to write or sync records of published commits
};

}  // namespace blueshift::storage
