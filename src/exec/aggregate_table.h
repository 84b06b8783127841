#pragma once

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "exec/expr_evaluator.h"
#include "exec/key_hash.h"
#include "exec/memory_tracker.h"
#include "exec/physical_hash_aggregate.h"
#include "exec/spill_partitioner.h"

namespace blueshift {

// The distinct (group, value) pairs of an aggregate in DISTINCT-pairs mode
// (PhysicalHashAggregate::DistinctPairsApply): codes with the group id in the high 32 bits and the value's 32
// bits in the low ones, in an open-addressing set (linear probing, at most half full). Codes arrive in a
// buffer (`pending`, repeats and all) and join the set when the buffer is as big as the set or bigger than
// kPending, or when the set is read (Flush): the set is then sized once for them instead of growing through
// every size on the way, re-inserting what it held each time (TPC-H Q16's 59,000 pairs a slice, most of
// which only the final merge of the slices' sets, MergePairs, needs to meet).
struct PhysicalHashAggregate::PairSet {
  static constexpr uint64_t kEmpty = UINT64_MAX;  // no code: a group id is below 2^32 - 1
  static constexpr size_t kPending = 4096;
  std::vector<uint64_t> slots = std::vector<uint64_t>(64, kEmpty);
  size_t size = 0;                // codes in slots
  std::vector<uint64_t> pending;  // codes not in slots yet

  void Add(uint64_t code) {
    pending.push_back(code);
    if (pending.size() >= std::max(kPending, size)) Flush();
  }
  // Moves the pending codes into the set.
  void Flush() {
    if (pending.empty()) return;
    Reserve(size + pending.size());
    InsertAll(pending.data(), pending.size());
    pending.clear();
  }
  // The codes in the set plus the pending ones (which may repeat them): at least the distinct pairs' count.
  size_t Bound() const { return size + pending.size(); }

  static uint64_t Code(uint32_t group, uint32_t value) { return static_cast<uint64_t>(group) << 32 | value; }
  // Row r of a BOOLEAN/SMALLINT/INTEGER vector (physical type t) as a code's 32 value bits, and back.
  static uint32_t Bits(const Vector& v, size_t r, PhysicalType t) {
    switch (t) {
      case PhysicalType::kBool:
        return v.data<uint8_t>()[r];
      case PhysicalType::kInt16:
        return static_cast<uint32_t>(static_cast<int32_t>(v.data<int16_t>()[r]));
      default:
        return static_cast<uint32_t>(v.data<int32_t>()[r]);
    }
  }
  static void SetBits(Vector* v, size_t r, PhysicalType t, uint32_t bits) {
    switch (t) {
      case PhysicalType::kBool:
        v->data<uint8_t>()[r] = static_cast<uint8_t>(bits);
        break;
      case PhysicalType::kInt16:
        v->data<int16_t>()[r] = static_cast<int16_t>(static_cast<int32_t>(bits));
        break;
      default:
        v->data<int32_t>()[r] = static_cast<int32_t>(bits);
    }
  }
  void Prefetch(uint64_t code) const { __builtin_prefetch(&slots[MixHash(code) & (slots.size() - 1)]); }
  // Adds code; false when it was there.
  bool Insert(uint64_t code) {
    size_t mask = slots.size() - 1;
    for (size_t s = MixHash(code) & mask;; s = (s + 1) & mask) {
      if (slots[s] == code) return false;
      if (slots[s] == kEmpty) {
        slots[s] = code;
        if (++size * 2 > slots.size()) Grow();
        return true;
      }
    }
  }
  // Adds codes[0, n), each slot loaded a few codes ahead.
  void InsertAll(const uint64_t* codes, size_t n) {
    constexpr size_t kAhead = 8;
    for (size_t i = 0; i < n; i++) {
      if (i + kAhead < n) Prefetch(codes[i + kAhead]);
      Insert(codes[i]);
    }
  }
  // Room for n codes without growing.
  void Reserve(size_t n) {
    size_t want = slots.size();
    while (n * 2 > want) want *= 2;
    if (want != slots.size()) Rehash(want);
  }
  void Grow() {
    // Four times as many slots while small (fewer re-insertions of every pair), then twice.
    Rehash(slots.size() * (slots.size() < (size_t{1} << 22) ? 4 : 2));
  }
  void Rehash(size_t capacity) {
    std::vector<uint64_t> old(capacity, kEmpty);
    old.swap(slots);
    size_t mask = slots.size() - 1;
    for (uint64_t c : old) {
      if (c == kEmpty) continue;
      size_t s = MixHash(c) & mask;
      while (slots[s] != kEmpty) s = (s + 1) & mask;
      slots[s] = c;
    }
  }
  uint64_t MemoryUsage() const { return (slots.capacity() + pending.capacity()) * sizeof(uint64_t); }
};

// Groups: an open-addressing table (linear probing) of group ids keyed by the groups' key hashes; each
// group's key values (columnar, in chunks of kBatchSize groups) and its aggregate states (one block of
// state_size bytes per group). DISTINCT aggregates keep each group's distinct argument rows and fold them in
// at Finalize.
struct PhysicalHashAggregate::GroupTable {
  // A slot holds a group id in its low 32 bits and the high 32 bits of the group's key hash in its upper
  // ones, so a probe rejects most other groups without touching their hashes or keys. A table grouping by
  // one integer column also keeps that key in the slot and compares it there: no access to the group's key
  // chunk per row (until some group's key is NULL; then every match is checked on the key columns).
  static constexpr uint64_t kEmptySlot = UINT64_MAX;
  static constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ULL;
  struct Slot {
    uint64_t tagged = kEmptySlot;
    int64_t key = 0;
  };
  const PhysicalHashAggregate& op;
  std::vector<Slot> slots;
  std::vector<uint64_t> hashes;                      // per group
  std::vector<Batch> keys;                           // chunks of kBatchSize groups
  std::vector<std::vector<const Vector*>> key_cols;  // per chunk, its columns
  std::vector<std::unique_ptr<uint8_t[]>> state_chunks;
  // [aggregate][group] -> distinct argument keys and the argument values of that row (DISTINCT aggregates
  // only; the others' vectors stay empty)
  std::vector<std::vector<std::map<std::string, std::vector<Value>>>> distinct_values;
  // DISTINCT-pairs mode only: the pairs in kPairParts sets, each pair in the set PairPart of its group's key
  // hash. The slices' sets of one partition hold the pairs of the same groups (equal keys hash alike), so the
  // partitions merge and fold side by side, each touching only its own groups' states.
  static constexpr size_t kPairParts = 16;
  static size_t PairPart(uint64_t group_hash) { return (group_hash >> 40) & (kPairParts - 1); }
  std::vector<PairSet> pairs;
  uint32_t size = 0;
  uint64_t extra_bytes = 0;                    // DISTINCT values kept, estimated; what states own (TakeOwnedBytes)
  uint64_t done_string_bytes = 0;              // strings of the key chunks before the last
  PhysicalType int_key = PhysicalType::kBool;  // the single integer key's type, else kBool (none)
  bool null_group = false;                     // some group's single integer key is NULL

  std::vector<PhysicalType> key_types;   // the group columns' physical types
  std::vector<uint8_t> key_trim_blanks;  // and whether each is CHAR/VARCHAR (trailing blanks do not count)

  explicit GroupTable(const PhysicalHashAggregate& o) : op(o), slots(64), distinct_values(o.aggregates_.size()) {
    if (o.distinct_pairs_) pairs.resize(kPairParts);
    for (const auto& t : o.group_types_) {
      key_types.push_back(t.physical());
      key_trim_blanks.push_back(t.IsString());
    }
    if (o.group_types_.size() == 1) {
      PhysicalType t = o.group_types_[0].physical();
      if (t == PhysicalType::kInt16 || t == PhysicalType::kInt32 || t == PhysicalType::kInt64) int_key = t;
    }
  }
  ~GroupTable() {
    for (uint32_t g = 0; g < size; g++) {
      for (size_t a = 0; a < op.aggregates_.size(); a++) {
        const auto& fn = op.aggregates_[a].function;
        if (fn.destroy) fn.destroy(State(g) + op.state_offsets_[a]);
      }
    }
  }

  uint8_t* State(uint32_t g) {
    return state_chunks[g / kBatchSize].get() + static_cast<size_t>(g % kBatchSize) * op.state_size_;
  }

  void Grow() { Rehash(slots.size() * 2); }

  // Moves every group into `n` slots (a power of two above twice the groups).
  void Rehash(size_t n) {
    std::vector<Slot> old(n);
    old.swap(slots);
    size_t mask = slots.size() - 1;
    for (const Slot& e : old) {
      if (e.tagged == kEmptySlot) continue;
      size_t s = hashes[static_cast<uint32_t>(e.tagged)] & mask;
      while (slots[s].tagged != kEmptySlot) s = (s + 1) & mask;
      slots[s] = e;
    }
  }

  // Makes room for `groups` groups without growing on the way (a combine knows how many may come).
  void Reserve(size_t groups) {
    size_t want = slots.size();
    while (groups * 2 > want) want *= 2;
    if (want != slots.size()) Rehash(want);
  }

  // Starts loading the slot that a row with key hash h probes first, so that misses of rows a few ahead
  // overlap with the work on this one.
  void PrefetchSlot(uint64_t h) const { __builtin_prefetch(&slots[h & (slots.size() - 1)]); }

  static int64_t IntAt(const Vector& v, size_t row, PhysicalType t) {
    switch (t) {
      case PhysicalType::kInt16:
        return v.data<int16_t>()[row];
      case PhysicalType::kInt32:
        return v.data<int32_t>()[row];
      default:
        return v.data<int64_t>()[row];
    }
  }

  // Whether row a of the key vectors equals group chunk row b: KeysEqual with the types known.
  bool KeysMatch(const std::vector<const Vector*>& probe, size_t a, const std::vector<const Vector*>& group,
                 size_t b) const {
    for (size_t c = 0; c < key_types.size(); c++) {
      if (!key_hash_internal::ValuesEqualAs(key_types[c], key_trim_blanks[c], *probe[c], a, *group[c], b)) return false;
    }
    return true;
  }

  // Finds or adds the group of row `row` of the key vectors, whose key hash is h.
  uint32_t FindOrAdd(uint64_t h, const std::vector<const Vector*>& key_vecs, size_t row) {
    return FindOrAddCode(h, op.packed() ? op.PackRow(key_vecs, row) : 0, key_vecs, row);
  }
  // The same with the row's packed code already known (ignored when the keys are not packed).
  uint32_t FindOrAddCode(uint64_t h, uint64_t code, const std::vector<const Vector*>& key_vecs, size_t row) {
    size_t mask = slots.size() - 1;
    size_t s = h & mask;
    const uint64_t tag = h & kTagMask;
    int64_t key = 0;
    bool inline_key = false, null_key = false;
    if (op.packed()) {
      key = static_cast<int64_t>(code);
      inline_key = code != PhysicalHashAggregate::kUnpacked;
      if (!inline_key) {
        // A key that does not pack: groups of such keys keep kUnpacked as theirs and compare by value.
        for (; slots[s].tagged != kEmptySlot; s = (s + 1) & mask) {
          if ((slots[s].tagged & kTagMask) != tag || slots[s].key != key) continue;
          uint32_t g = static_cast<uint32_t>(slots[s].tagged);
          if (KeysMatch(key_vecs, row, key_cols[g / kBatchSize], g % kBatchSize)) return g;
        }
        return Add(s, tag, key, h, key_vecs, row);
      }
    } else if (int_key != PhysicalType::kBool) {
      const Vector& v = *key_vecs[0];
      null_key = v.may_have_nulls() && v.IsNull(row);
      if (!null_key) key = IntAt(v, row, int_key);
      inline_key = !null_key && !null_group;
    }
    for (; slots[s].tagged != kEmptySlot; s = (s + 1) & mask) {
      if ((slots[s].tagged & kTagMask) != tag) continue;
      uint32_t g = static_cast<uint32_t>(slots[s].tagged);
      if (inline_key) {
        if (slots[s].key == key) return g;
        continue;
      }
      // Equal tags: almost surely the group (the full hash is not read: one cache miss less per row).
      if (KeysMatch(key_vecs, row, key_cols[g / kBatchSize], g % kBatchSize)) return g;
    }
    if (null_key) null_group = true;  // from now on, matches are checked on the key columns
    return Add(s, tag, key, h, key_vecs, row);
  }

  // Row `row` of src (of physical type t) into row d of dst, strings copied into dst's arena: Vector::CopyRow
  // without looking the type up per call (it runs once per group and key column).
  static void CopyKey(const Vector& src, size_t row, PhysicalType t, Vector* dst, size_t d) {
    if (src.may_have_nulls() && src.IsNull(row)) {
      dst->SetNull(d, true);
      return;
    }
    dst->validity()[d] = 1;
    switch (t) {
      case PhysicalType::kBool:
        dst->data<uint8_t>()[d] = src.data<uint8_t>()[row];
        break;
      case PhysicalType::kInt16:
        dst->data<int16_t>()[d] = src.data<int16_t>()[row];
        break;
      case PhysicalType::kInt32:
      case PhysicalType::kFloat:
        dst->data<int32_t>()[d] = src.data<int32_t>()[row];
        break;
      case PhysicalType::kInt64:
      case PhysicalType::kDouble:
        dst->data<int64_t>()[d] = src.data<int64_t>()[row];
        break;
      case PhysicalType::kInt128:
        dst->data<int128_t>()[d] = src.data<int128_t>()[row];
        break;
      case PhysicalType::kString: {
        std::string_view v = src.data<std::string_view>()[row];
        dst->data<std::string_view>()[d] = v.empty() ? std::string_view() : dst->arena().Add(v);
        break;
      }
    }
  }

  // Adds the group of row `row` in empty slot s.
  uint32_t Add(size_t s, uint64_t tag, int64_t key, uint64_t h, const std::vector<const Vector*>& key_vecs,
               size_t row) {
    uint32_t g = size++;
    slots[s] = Slot{tag | g, key};
    hashes.push_back(h);
    if (g % kBatchSize == 0) {
      if (!keys.empty()) done_string_bytes += StringBytes(keys.back());
      keys.emplace_back(op.group_types_);
      key_cols.emplace_back();
      for (size_t c = 0; c < op.group_types_.size(); c++) key_cols.back().push_back(&keys.back().column(c));
      state_chunks.emplace_back(new uint8_t[kBatchSize * std::max<size_t>(op.state_size_, 1)]);
    }
    Batch& chunk = keys.back();
    for (size_t c = 0; c < key_vecs.size(); c++)
      CopyKey(*key_vecs[c], row, key_types[c], &chunk.column(c), g % kBatchSize);
    chunk.set_count(g % kBatchSize + 1);
    uint8_t* st = State(g);
    for (size_t a = 0; a < op.aggregates_.size(); a++) op.aggregates_[a].function.init(st + op.state_offsets_[a]);
    for (size_t a = 0; a < distinct_values.size() && pairs.empty(); a++) {
      if (op.aggregates_[a].distinct) distinct_values[a].emplace_back();  // the others stay empty
    }
    if (size * 2 > slots.size()) Grow();
    return g;
  }

  // Adds the pairs codes[0, n) of this table's groups, each to its group's partition.
  void InsertPairs(const uint64_t* codes, size_t n) {
    for (size_t i = 0; i < n; i++) pairs[PairPart(hashes[codes[i] >> 32])].Add(codes[i]);
  }
  // Every partition's pending codes into its set. REQUIRES: before the sets' slots are read.
  void FlushPairs() {
    for (PairSet& p : pairs) p.Flush();
  }
  // At least the distinct pairs' count (PairSet::Bound).
  uint64_t PairBound() const {
    uint64_t n = 0;
    for (const PairSet& p : pairs) n += p.Bound();
    return n;
  }

  // Bytes held: slots, hashes, key chunks and their strings, states, DISTINCT values.
  uint64_t MemoryUsage() const {
    uint64_t chunk = kBatchSize * std::max<size_t>(op.state_size_, 1);
    for (const auto& t : op.group_types_) chunk += kBatchSize * (static_cast<uint64_t>(t.FixedWidth()) + 1);
    uint64_t last = keys.empty() ? 0 : StringBytes(keys.back());
    uint64_t distinct = 0;
    for (const PairSet& p : pairs) distinct += p.MemoryUsage();
    if (pairs.empty()) distinct = DistinctAggregates() * static_cast<uint64_t>(size) * sizeof(distinct_values[0][0]);
    return slots.capacity() * sizeof(Slot) + hashes.capacity() * 8 + keys.size() * chunk + done_string_bytes + last +
           extra_bytes + distinct;
  }

  uint64_t DistinctAggregates() const {
    uint64_t n = 0;
    for (const auto& a : op.aggregates_) n += a.distinct ? 1 : 0;
    return n;
  }

  static uint64_t StringBytes(const Batch& b) {
    uint64_t n = 0;
    for (size_t c = 0; c < b.num_columns(); c++) n += b.column(c).string_bytes();
    return n;
  }
};

// Up to this many groups, Sink folds each group's rows in one call of an aggregate's single-state update.
constexpr uint32_t kFewGroups = 8;

// The operator's execution state (physical_hash_aggregate.cc, spill_aggregate.cc). A table that outgrows
// the query's memory is written to spill partitions (keys, hash and state bytes per group) and emptied;
// the output then aggregates partition by partition.
struct HashAggGlobal : GlobalSinkState {
  std::mutex mu;
  std::unique_ptr<PhysicalHashAggregate::GroupTable> table;
  // Slice-disjoint groups (PhysicalHashAggregate::SetSliceDisjoint): the slices' tables, not merged.
  std::vector<std::unique_ptr<PhysicalHashAggregate::GroupTable>> parts;
  // DISTINCT pairs: the tables of the slices after the first, their groups already in `table` (to: each
  // group's id there); their pairs merge into table's at Finalize, partition by partition side by side.
  struct PendingPairs {
    std::unique_ptr<PhysicalHashAggregate::GroupTable> table;
    std::vector<uint32_t> to;
  };
  std::vector<PendingPairs> pending;
  MemoryReservation mem;
  std::unique_ptr<SpillPartitioner> spill;                // the global table's own spills
  std::vector<std::unique_ptr<SpillPartitioner>> spills;  // every finished partitioner, slices' included
  bool spilled = false;
};
struct HashAggLocal : LocalSinkState {
  std::unique_ptr<PhysicalHashAggregate::GroupTable> table;
  std::vector<std::unique_ptr<ExprEvaluator>> group_evals;
  std::vector<std::vector<std::unique_ptr<ExprEvaluator>>> arg_evals;
  std::vector<uint64_t> hashes;
  std::vector<uint64_t> codes;     // packed group keys (PackRows)
  std::vector<uint32_t> group_of;  // per input row: its group
  // Rows in runs of one key (FindRunHeads): per input row whether it repeats the previous row's key, the
  // rows that start a run, and their key values (views) and hashes.
  std::vector<uint8_t> repeats;
  std::vector<uint32_t> heads;
  Batch head_keys;
  std::vector<const Vector*> head_cols;
  std::vector<uint64_t> head_hashes;
  std::vector<uint8_t*> base, states;  // per input row: its group's states, and one aggregate's state
  std::vector<uint32_t> by_group;      // with few groups: the input rows ordered by group
  // Packed keys with few groups: the groups' codes and ids known so far, of table few_table (FindFewPackedGroups)
  const PhysicalHashAggregate::GroupTable* few_table = nullptr;
  std::array<uint64_t, kFewGroups> few_codes{};
  std::array<uint32_t, kFewGroups> few_groups{};
  size_t few_count = 0;
  MemoryReservation mem;
  std::unique_ptr<SpillPartitioner> spill;
};
struct HashAggSource : SourceState {
  uint32_t next = 0;
  uint32_t tasks = 1;  // in memory: task t emits chunks t, t + tasks, ... of the groups
  size_t part = 0;     // slice-disjoint tables: the one being emitted (task t emits t, t + tasks, ...)
  // Spilled: partitions still to aggregate, and the one being emitted.
  std::vector<SpillRun> pending;
  std::unique_ptr<PhysicalHashAggregate::GroupTable> current;
  // DISTINCT pairs spilled: while set, pending holds pair partitions, whose groups' states this collects.
  std::unique_ptr<SpillPartitioner> folded;
  MemoryReservation mem;
};

}  // namespace blueshift
