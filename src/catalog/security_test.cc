#include "catalog/security.h"

#include <gtest/gtest.h>

#include "catalog/catalog_codec.h"
#include "catalog/password.h"
#include "catalog/security_codec.h"

namespace blueshift {
namespace {

TEST(PasswordTest, ClearTextGetsMd5AndScramAndVerifies) {
  auto h = HashPassword("alice", "Abcd1234");
  ASSERT_TRUE(h.ok()) << h.status().message();
  EXPECT_EQ(h->md5, "md5" + Md5Hex("Abcd1234alice"));
  EXPECT_EQ(h->scram.rfind("SCRAM-SHA-256$4096:", 0), 0u);
  EXPECT_TRUE(VerifyClearPassword(*h, "alice", "Abcd1234"));
  EXPECT_FALSE(VerifyClearPassword(*h, "alice", "Abcd12345"));
  // Salted: the same password twice gives two verifiers.
  EXPECT_NE(HashPassword("alice", "Abcd1234")->scram, h->scram);
}

TEST(PasswordTest, HashFormsAndRules) {
  // 'md5' then 32 hex digits is a precomputed hash (its digits are kept in lower case).
  auto md5 = HashPassword("bob", "md5" + std::string(32, 'A'));
  ASSERT_TRUE(md5.ok());
  EXPECT_EQ(md5->md5, "md5" + std::string(32, 'a'));
  EXPECT_TRUE(md5->scram.empty());
  auto sha = HashPassword("bob", "sha256|Mypassword1");
  ASSERT_TRUE(sha.ok());
  EXPECT_TRUE(VerifyClearPassword(*sha, "bob", "Mypassword1"));
  EXPECT_FALSE(VerifyClearPassword(*sha, "bob", "Mypassword2"));
  std::string salt = "abc";
  std::string digest_form = "sha256|" + std::string(64, '0') + "|" + salt;
  EXPECT_TRUE(HashPassword("bob", digest_form).ok());
  EXPECT_FALSE(HashPassword("bob", "sha256|weak").ok());
  EXPECT_FALSE(HashPassword("bob", "short1A").ok());
  EXPECT_FALSE(HashPassword("bob", "has space1A").ok());
  EXPECT_FALSE(VerifyClearPassword(PasswordHashes{}, "bob", ""));
}

TEST(PasswordTest, Base64RoundTrip) {
  for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    std::string back;
    ASSERT_TRUE(Base64Decode(Base64Encode(s), &back));
    EXPECT_EQ(back, s);
  }
  std::string out;
  EXPECT_FALSE(Base64Decode("abc", &out));
}

TEST(SecurityTest, PrivilegesThroughUserGroupAndPublic) {
  Security s = Security::Bootstrap("awsuser");
  UserDef ann;
  ann.name = "ann";
  int32_t ann_id = *s.CreateUser(ann);
  int32_t group = *s.CreateGroup("sales");
  ASSERT_TRUE(s.AddMember("sales", ann_id).ok());
  const UserDef& u = *s.FindUserById(ann_id);
  AclKey t1{AclObject::kTable, 500, ""};
  EXPECT_FALSE(s.HasPrivilege(u, t1, "awsuser", kPrivSelect));
  EXPECT_TRUE(s.HasPrivilege(u, t1, "ann", kPrivSelect | kPrivDelete));         // the owner
  EXPECT_TRUE(s.HasPrivilege(*s.FindUser("awsuser"), t1, "ann", kPrivSelect));  // a superuser
  s.Grant(t1, {Grantee::Kind::kGroup, group}, kPrivSelect, 100);
  EXPECT_TRUE(s.HasPrivilege(u, t1, "awsuser", kPrivSelect));
  EXPECT_FALSE(s.HasPrivilege(u, t1, "awsuser", kPrivSelect | kPrivInsert));
  s.Grant(t1, {Grantee::Kind::kPublic, 0}, kPrivInsert, 100);
  EXPECT_TRUE(s.HasPrivilege(u, t1, "awsuser", kPrivSelect | kPrivInsert));
  ASSERT_TRUE(s.RemoveMember("sales", ann_id).ok());
  EXPECT_FALSE(s.HasPrivilege(u, t1, "awsuser", kPrivSelect));
  s.Revoke(t1, {Grantee::Kind::kPublic, 0}, kPrivInsert);
  EXPECT_EQ(s.FindAcl(t1)->size(), 1u);
  ASSERT_TRUE(s.DropGroup("sales").ok());
  EXPECT_EQ(s.FindAcl(t1)->size(), 0u);
}

TEST(SecurityTest, CodecRoundTripAndVersionOne) {
  Catalog c = Catalog::Bootstrap();
  UserDef bob;
  bob.name = "bob";
  bob.createdb = true;
  bob.connection_limit = 7;
  bob.valid_until = "2030-01-01";
  bob.password = *HashPassword("bob", "Abcd1234");
  int32_t bob_id = *c.MutableSecurity().CreateUser(bob);
  ASSERT_TRUE(c.MutableSecurity().CreateGroup("g").ok());
  ASSERT_TRUE(c.MutableSecurity().AddMember("g", bob_id).ok());
  c.MutableSecurity().Grant({AclObject::kTable, 123, ""}, {Grantee::Kind::kUser, bob_id}, kPrivSelect, 100);
  DefaultAcl d{bob_id, 2200, AclObject::kTable, {}};
  c.MutableSecurity().SetDefault(d, {Grantee::Kind::kPublic, 0}, kPrivSelect, true, bob_id);
  auto back = DecodeCatalog(EncodeCatalog(c));
  ASSERT_TRUE(back.ok()) << back.status().message();
  const Security& s = back->security();
  const UserDef* b = s.FindUser("bob");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->connection_limit, 7);
  EXPECT_EQ(b->valid_until, "2030-01-01");
  EXPECT_TRUE(VerifyClearPassword(b->password, "bob", "Abcd1234"));
  EXPECT_EQ(s.GroupsOf(bob_id).size(), 1u);
  EXPECT_EQ(s.FindAcl({AclObject::kTable, 123, ""})->at(0).privileges, kPrivSelect);
  EXPECT_EQ(s.default_acls().size(), 1u);
  EXPECT_EQ(s.next_id(), c.security().next_id());
  // Truncated security section: corrupted, never a half-read catalog.
  std::string bytes = EncodeCatalog(c);
  EXPECT_EQ(DecodeCatalog(bytes.substr(0, bytes.size() - 3)).status().code(), ErrorCode::kDataCorrupted);
  // A version 1 catalog (no security section) decodes with the bootstrap users.
  Catalog fresh = Catalog::Bootstrap();
  ByteWriter section;
  EncodeSecurity(fresh.security(), &section);
  std::string v1 = EncodeCatalog(fresh);
  // The security section, the (empty) view section, the databases (dev: oid, name, owner, limit, level) and the
  // (empty) function section.
  v1.resize(v1.size() - section.size() - 4 - (4 + 4 + 4 + 3 + 4 + 7 + 4 + 1) - 4);
  v1[0] = 1;
  auto old = DecodeCatalog(v1);
  ASSERT_TRUE(old.ok()) << old.status().message();
  ASSERT_NE(old->security().FindUser("awsuser"), nullptr);
  EXPECT_TRUE(old->security().FindUser("awsuser")->superuser);
  EXPECT_NE(old->security().FindAcl({AclObject::kSchema, 2200, ""}), nullptr);
}

}  // namespace
}  // namespace blueshift
