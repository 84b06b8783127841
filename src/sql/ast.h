#pragma once

// The parse tree produced by sql::Parse: expressions in ast_expr.h, queries and statements in ast_stmt.h,
// ALTER TABLE and MERGE in ast_alter.h.
#include "sql/ast_alter.h"
#include "sql/ast_database.h"
#include "sql/ast_expr.h"
#include "sql/ast_function.h"
#include "sql/ast_security.h"
#include "sql/ast_stmt.h"
