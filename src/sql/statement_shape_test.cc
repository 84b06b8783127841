#include "sql/statement_shape.h"

#include <gtest/gtest.h>

namespace blueshift::sql {
namespace {

TEST(StatementShapeTest, SameShapeForOtherLiterals) {
  auto a = ScanInsertShape("insert into t values (1, 'a''b', 2.5, -7)");
  auto b = ScanInsertShape("insert into t values (123456789012, '', -0.25, 8)");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->key, b->key);
  ASSERT_EQ(a->literals.size(), 4u);
  EXPECT_EQ(a->literals[0].kind, ConstKind::kInteger);
  EXPECT_EQ(a->literals[1].kind, ConstKind::kString);
  EXPECT_EQ(a->literals[1].value, "a'b");
  EXPECT_EQ(a->literals[1].location, 25);
  EXPECT_EQ(a->literals[2].kind, ConstKind::kDecimal);
  EXPECT_EQ(a->literals[3].value, "-7");  // the sign is the literal's, where the parser folds it
  EXPECT_EQ(a->literals[3].location, 38);
}

TEST(StatementShapeTest, OtherKindsOrWordsAreOtherShapes) {
  EXPECT_NE(ScanInsertShape("insert into t values (1)")->key, ScanInsertShape("insert into t values ('1')")->key);
  EXPECT_NE(ScanInsertShape("insert into t values (1)")->key, ScanInsertShape("insert into t values (1.0)")->key);
  EXPECT_NE(ScanInsertShape("insert into t values (1)")->key, ScanInsertShape("insert into u values (1)")->key);
  // A '-' that is no sign stays in the key: 1 -2 is an expression.
  EXPECT_NE(ScanInsertShape("insert into t values (1 -2)")->key, ScanInsertShape("insert into t values (1, -2)")->key);
}

TEST(StatementShapeTest, WhatTheScanDoesNotReadIsNoShape) {
  for (const char* text : {"select 1", "insert into t values (1) -- c", "insert into t values (1) /* c */",
                           "insert into t values (E'a\\n')", "insert into t values ($1)", "insert into t values (1e5)",
                           "insert into t values (.5)", "insert into t values (1.)", "insert into t values ($$a$$)",
                           "insert into t values ('unterminated)", "insertx into t", "insert into t values (1abc)",
                           "insert into t values (1, 'a'b)"}) {
    EXPECT_FALSE(ScanInsertShape(text)) << text;
  }
  // Read, though no INSERT of literals: the session finds no literal in such an item and caches nothing.
  EXPECT_TRUE(ScanInsertShape("insert into t values ('a'\n'b')"));
  EXPECT_TRUE(ScanInsertShape("  INSERT INTO \"T\" (a) VALUES (1);"));
}

}  // namespace
}  // namespace blueshift::sql
