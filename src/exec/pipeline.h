#pragma once

#include <memory>
#include <vector>

#include "exec/physical_operator.h"

namespace blueshift {

// A pipeline is a chain source -> operators... -> sink that runs without materializing between its steps.
// A plan splits into pipelines at its breakers: a sink whose output is read by the next pipeline
// (aggregate, sort) or a hash join's build side. Every pipeline runs its source's tasks (one per slice for
// a scan) in parallel; each task has its own operator and local sink states.
struct Pipeline {
  const PhysicalOperator* source = nullptr;
  std::vector<const PhysicalOperator*> operators;  // in execution order
  const PhysicalOperator* sink = nullptr;
  std::vector<std::unique_ptr<Pipeline>> dependencies;  // must finish first
};

// Splits the plan rooted at a sink into pipelines.
std::unique_ptr<Pipeline> BuildPipelines(const PhysicalOperator& root);

// Runs every pipeline of the plan, dependencies first. The root sink's global state stays in ctx.
Status ExecutePlan(ExecContext& ctx, const PhysicalOperator& root);

}  // namespace blueshift
