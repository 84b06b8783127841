#include "load/load_error_log.h"

#include "load/field_converter.h"

namespace blueshift::load {

namespace {
void Cut(std::string* s, size_t n) {
  if (s->size() > n) s->resize(n);
}

// Input text as it may be shown: invalid UTF-8 escaped, then cut to n bytes without splitting a character.
void CutText(std::string* s, size_t n) {
  *s = EscapeInvalidUtf8(*s);
  if (s->size() <= n) return;
  s->resize(n);
  s->resize(ValidUtf8Prefix(s->data(), s->size()));
}
}  // namespace

LoadErrorLog& LoadErrorLog::Global() {
  static LoadErrorLog* log = new LoadErrorLog();
  return *log;
}

void LoadErrorLog::Add(LoadErrorRecord record) {
  Cut(&record.filename, 256);
  Cut(&record.colname, 127);
  CutText(&record.raw_line, 1024);
  CutText(&record.raw_field_value, 1024);
  Cut(&record.err_reason, 100);
  std::lock_guard<std::mutex> lock(mu_);
  if (capacity_ == 0) return;
  if (ring_.size() < capacity_) {
    ring_.push_back(std::move(record));
    return;
  }
  ring_[next_] = std::move(record);
  next_ = (next_ + 1) % capacity_;
}

std::vector<LoadErrorRecord> LoadErrorLog::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<LoadErrorRecord> out;
  out.reserve(ring_.size());
  for (size_t i = 0; i < ring_.size(); i++) out.push_back(ring_[(next_ + i) % ring_.size()]);
  return out;
}

std::vector<LoadErrorRecord> LoadErrorLog::ForQuery(int64_t query) const {
  std::vector<LoadErrorRecord> out;
  for (auto& r : Snapshot()) {
    if (r.query == query) out.push_back(std::move(r));
  }
  return out;
}

void LoadErrorLog::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  ring_.clear();
  next_ = 0;
}

}  // namespace blueshift::load
