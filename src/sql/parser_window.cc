// Function calls: argument lists, aggregate modifiers (DISTINCT, *, ORDER BY, WITHIN GROUP, FILTER,
// IGNORE NULLS) and OVER (window specification with frames).

#include <set>

#include "function/date_parts.h"
#include "sql/parser_internal.h"

namespace blueshift::sql {

namespace {

// DATEADD(day, ...), DATEDIFF(month, ...), DATE_PART(year, ...): Redshift writes the date part as a bare
// word (Redshift docs, DATEADD function); it becomes the string constant the functions take.
void DatePartWordToString(FunctionCall* call) {
  static const std::set<std::string> kFunctions = {"dateadd", "datediff", "date_part"};
  if (call->name.size() != 1 || !kFunctions.count(call->name[0]) || call->args.empty()) return;
  Expr* first = call->args[0].get();
  if (first->kind != ExprKind::kColumnRef) return;
  const auto& ref = first->As<ColumnRef>();
  if (ref.star || ref.names.size() != 1 || !date_parts::ParseDatePart(ref.names[0]).ok()) return;
  auto word = std::make_unique<Constant>();
  word->location = first->location;
  word->const_kind = ConstKind::kString;
  word->value = ref.names[0];
  call->args[0] = std::move(word);
}

}  // namespace

Result<ExprPtr> Parser::ParseFunctionCall(std::vector<std::string> name, int location) {
  auto call = std::make_unique<FunctionCall>();
  call->location = location;
  call->name = std::move(name);
  RETURN_IF_ERROR(ExpectPunct("("));
  RETURN_IF_ERROR(ParseFunctionArgs(call.get()));
  DatePartWordToString(call.get());
  RETURN_IF_ERROR(ExpectPunct(")"));
  RETURN_IF_ERROR(ParseFunctionSuffix(call.get()));
  return ExprPtr(std::move(call));
}

// Between the parentheses: *, or [ALL|DISTINCT] args [IGNORE|RESPECT NULLS] [ORDER BY ...].
Status Parser::ParseFunctionArgs(FunctionCall* call) {
  if (IsPunct(")")) return Status::OK();
  if (Cur().IsOp("*") && PeekTok().IsPunct(")")) {
    Advance();
    call->star = true;
    return Status::OK();
  }
  if (AcceptWord("distinct")) {
    call->distinct = true;
  } else {
    AcceptWord("all");
  }
  ASSIGN_OR_RETURN(call->args, ParseExprList());
  if ((Is("ignore") || Is("respect")) && PeekTok().Is("nulls")) {
    call->ignore_nulls = Is("ignore");
    pos_ += 2;
  }
  if (Is("order") && PeekTok().Is("by")) {
    pos_ += 2;
    ASSIGN_OR_RETURN(call->order_by, ParseOrderByList());
  }
  return Status::OK();
}

Status Parser::ParseFunctionSuffix(FunctionCall* call) {
  if (Is("within") && PeekTok().Is("group")) {
    pos_ += 2;
    RETURN_IF_ERROR(ExpectPunct("("));
    RETURN_IF_ERROR(ExpectWord("order"));
    RETURN_IF_ERROR(ExpectWord("by"));
    ASSIGN_OR_RETURN(call->order_by, ParseOrderByList());
    RETURN_IF_ERROR(ExpectPunct(")"));
    call->within_group = true;
  }
  if (Is("filter") && PeekTok().IsPunct("(")) {
    pos_ += 2;
    RETURN_IF_ERROR(ExpectWord("where"));
    ASSIGN_OR_RETURN(call->filter, ParseExpr());
    RETURN_IF_ERROR(ExpectPunct(")"));
  }
  if ((Is("ignore") || Is("respect")) && PeekTok().Is("nulls")) {
    call->ignore_nulls = Is("ignore");
    pos_ += 2;
  }
  if (!AcceptWord("over")) return Status::OK();
  if (IsIdentToken()) {
    call->over = std::make_unique<WindowSpec>();
    call->over->location = Cur().begin;
    call->over->ref_name = Cur().text;
    Advance();
    return Status::OK();
  }
  ASSIGN_OR_RETURN(call->over, ParseWindowSpec());
  return Status::OK();
}

// ( [existing_window] [PARTITION BY ...] [ORDER BY ...] [frame] )
Result<std::unique_ptr<WindowSpec>> Parser::ParseWindowSpec() {
  auto spec = std::make_unique<WindowSpec>();
  spec->location = Cur().begin;
  RETURN_IF_ERROR(ExpectPunct("("));
  if (IsIdentToken() && !Is("partition") && !Is("rows") && !Is("range")) {
    spec->ref_name = Cur().text;
    Advance();
  }
  if (Is("partition") && PeekTok().Is("by")) {
    pos_ += 2;
    ASSIGN_OR_RETURN(spec->partition_by, ParseExprList());
  }
  if (Is("order") && PeekTok().Is("by")) {
    pos_ += 2;
    ASSIGN_OR_RETURN(spec->order_by, ParseOrderByList());
  }
  if (Is("rows") || Is("range")) {
    RETURN_IF_ERROR(ParseFrame(spec.get()));
  }
  RETURN_IF_ERROR(ExpectPunct(")"));
  return spec;
}

Status Parser::ParseFrame(WindowSpec* spec) {
  spec->frame_mode = Is("rows") ? FrameMode::kRows : FrameMode::kRange;
  Advance();
  if (AcceptWord("between")) {
    ASSIGN_OR_RETURN(spec->frame_start, ParseFrameBound());
    RETURN_IF_ERROR(ExpectWord("and"));
    ASSIGN_OR_RETURN(spec->frame_end, ParseFrameBound());
    spec->has_frame_end = true;
  } else {
    ASSIGN_OR_RETURN(spec->frame_start, ParseFrameBound());
  }
  int loc = spec->location;
  if (spec->frame_start.kind == BoundKind::kUnboundedFollowing) {
    return ErrorAt(ErrorCode::kSyntaxError, "frame start cannot be UNBOUNDED FOLLOWING", loc);
  }
  if (spec->has_frame_end && spec->frame_end.kind == BoundKind::kUnboundedPreceding) {
    return ErrorAt(ErrorCode::kSyntaxError, "frame end cannot be UNBOUNDED PRECEDING", loc);
  }
  return Status::OK();
}

Result<FrameBound> Parser::ParseFrameBound() {
  FrameBound bound;
  if (AcceptWord("unbounded")) {
    if (AcceptWord("preceding")) {
      bound.kind = BoundKind::kUnboundedPreceding;
    } else {
      RETURN_IF_ERROR(ExpectWord("following"));
      bound.kind = BoundKind::kUnboundedFollowing;
    }
    return bound;
  }
  if (Is("current") && PeekTok().Is("row")) {
    pos_ += 2;
    bound.kind = BoundKind::kCurrentRow;
    return bound;
  }
  ASSIGN_OR_RETURN(bound.offset, ParseAdditive());
  if (AcceptWord("preceding")) {
    bound.kind = BoundKind::kPreceding;
  } else {
    RETURN_IF_ERROR(ExpectWord("following"));
    bound.kind = BoundKind::kFollowing;
  }
  return bound;
}

}  // namespace blueshift::sql
