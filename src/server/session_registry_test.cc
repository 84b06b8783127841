#include "server/session_registry.h"

#include <gtest/gtest.h>

namespace blueshift::server {
namespace {

TEST(SessionRegistryTest, ServerLimitUsesRedshiftWording) {
  SessionRegistry registry(2);
  ASSERT_TRUE(registry.Admit().ok());
  Result<BackendKey> second = registry.Admit();
  ASSERT_TRUE(second.ok());
  Result<BackendKey> third = registry.Admit();
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), ErrorCode::kTooManyConnections);
  EXPECT_EQ(third.status().message(), "connection limit 2 exceeded for non-bootstrap users");
  registry.Release(*second);
  EXPECT_TRUE(registry.Admit().ok());
}

TEST(SessionRegistryTest, PerUserConnectionLimit) {
  SessionRegistry registry(10);
  BackendKey a1 = registry.Admit().value();
  BackendKey a2 = registry.Admit().value();
  BackendKey b1 = registry.Admit().value();
  EXPECT_TRUE(registry.ClaimUser(a1, "alice", 1).ok());
  Status refused = registry.ClaimUser(a2, "alice", 1);
  EXPECT_EQ(refused.code(), ErrorCode::kTooManyConnections);
  EXPECT_EQ(refused.message(), "too many connections for role \"alice\"");
  EXPECT_TRUE(registry.ClaimUser(b1, "bob", 1).ok());  // another user's limit is its own
  registry.Release(a1);
  EXPECT_TRUE(registry.ClaimUser(a2, "alice", 1).ok());
  BackendKey z = registry.Admit().value();
  EXPECT_EQ(registry.ClaimUser(z, "zero", 0).code(), ErrorCode::kTooManyConnections);
  EXPECT_TRUE(registry.ClaimUser(z, "anyone", -1).ok());
}

}  // namespace
}  // namespace blueshift::server
