#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <memory>

#include "main/result_sink.h"
#include "server/copy_in.h"
#include "server/message_writer.h"

namespace blueshift::server {

// WireSink streams a statement's results to the client as they come: RowDescription (simple query
// only; in the extended protocol Describe sends it), DataRow per live row, CommandComplete,
// EmptyQueryResponse, NoticeResponse. It flushes whenever a batch leaves more than kFlushThreshold bytes
// buffered, so large results never sit in memory; a failed send stops the statement (kIoError).
class WireSink : public ResultSink {
 public:
  static constexpr size_t kFlushThreshold = 64 * 1024;

  // formats: one result format per column, or empty for all text.
  WireSink(MessageWriter* w, bool send_row_description, std::vector<int16_t> formats = {})
      : w_(w), send_row_description_(send_row_description), formats_(std::move(formats)) {}

  Status BeginRows(const std::vector<ColumnInfo>& columns) override;
  Status Rows(const Batch& batch) override;
  Status Complete(const std::string& command_tag) override;
  Status EmptyQuery() override;
  void Notice(const std::string& severity, const std::string& message) override;
  // Available when the connection gave the sink its reader (simple query): see WireCopyIn.
  Result<CopyInStream*> BeginCopyIn(int columns) override;
  void set_copy_reader(MessageReader* reader) { copy_reader_ = reader; }

 private:
  MessageWriter* w_;
  bool send_row_description_;
  std::vector<int16_t> formats_;
  MessageReader* copy_reader_ = nullptr;
  std::unique_ptr<WireCopyIn> copy_in_;
};

// RowBuffer keeps a portal's encoded DataRows so Execute can hand them out max_rows at a time. Notices
// go straight to the client's writer.
class RowBuffer : public ResultSink {
 public:
  RowBuffer(MessageWriter* client, std::vector<int16_t> formats) : client_(client), formats_(std::move(formats)) {}

  Status BeginRows(const std::vector<ColumnInfo>& columns) override { return Status::OK(); }
  Status Rows(const Batch& batch) override;
  Status Complete(const std::string& command_tag) override;
  void Notice(const std::string& severity, const std::string& message) override;

  // Appends up to max_rows of the remaining rows to w; returns how many.
  size_t Emit(size_t max_rows, MessageWriter* w);
  size_t remaining() const { return total_rows_ - emitted_rows_; }
  const std::string& command_tag() const { return command_tag_; }

 private:
  MessageWriter* client_;
  std::vector<int16_t> formats_;
  MessageWriter rows_{-1};
  size_t total_rows_ = 0;
  size_t emitted_rows_ = 0;
  size_t offset_ = 0;
  std::string command_tag_;
};

}  // namespace blueshift::server
