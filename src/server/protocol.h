#pragma once

#include <cstdint>

// Constants of the PostgreSQL frontend/backend protocol version 3.0 (docs/format/wire.md).
namespace blueshift::server {

constexpr int32_t kProtocolVersion3 = 196608;  // 3.0: major 3 in the high 16 bits, minor 0
constexpr int32_t kSslRequestCode = 80877103;
constexpr int32_t kGssEncRequestCode = 80877104;
constexpr int32_t kCancelRequestCode = 80877102;

// A startup packet longer than this is a protocol violation (PostgreSQL's MAX_STARTUP_PACKET_LENGTH).
constexpr int32_t kMaxStartupPacketLength = 10000;
// A regular message longer than this (length field included) is a protocol violation: 1 GB.
constexpr int32_t kMaxMessageLength = 1 << 30;

// Frontend message types.
namespace fe {
constexpr char kQuery = 'Q';
constexpr char kParse = 'P';
constexpr char kBind = 'B';
constexpr char kDescribe = 'D';
constexpr char kExecute = 'E';
constexpr char kSync = 'S';
constexpr char kClose = 'C';
constexpr char kFlush = 'H';
constexpr char kTerminate = 'X';
constexpr char kPassword = 'p';
}  // namespace fe

// Backend message types.
namespace be {
constexpr char kAuthentication = 'R';
constexpr char kParameterStatus = 'S';
constexpr char kBackendKeyData = 'K';
constexpr char kReadyForQuery = 'Z';
constexpr char kRowDescription = 'T';
constexpr char kDataRow = 'D';
constexpr char kCommandComplete = 'C';
constexpr char kEmptyQueryResponse = 'I';
constexpr char kErrorResponse = 'E';
constexpr char kNoticeResponse = 'N';
constexpr char kParseComplete = '1';
constexpr char kBindComplete = '2';
constexpr char kCloseComplete = '3';
constexpr char kNoData = 'n';
constexpr char kParameterDescription = 't';
constexpr char kPortalSuspended = 's';
constexpr char kNegotiateProtocolVersion = 'v';
}  // namespace be

}  // namespace blueshift::server
