#pragma once

namespace blueshift {

// SLICE_NUM(): the slice whose rows the calling thread works on. The executor sets it for each pipeline task
// (a scan's task reads one slice; exec/pipeline.cc), so in the steps that read a table it is the slice that
// stores the row; 0 where nothing set it (the leader).
int CurrentSliceNumber();

// Sets it for the rest of the calling thread's pipeline task (a scan task that takes over part of another
// slice's rows, exec/physical_scan.cc); the task's ScopedSliceNumber restores the old value at its end.
void SetCurrentSliceNumber(int slice);

class ScopedSliceNumber {
 public:
  explicit ScopedSliceNumber(int slice);
  ~ScopedSliceNumber();
  ScopedSliceNumber(const ScopedSliceNumber&) = delete;
  ScopedSliceNumber& operator=(const ScopedSliceNumber&) = delete;

 private:
  int previous_;
};

}  // namespace blueshift
