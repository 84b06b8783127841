# blueshift: the two commands are `make run` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
DATA ?= ./blueshift-data
PORT ?= 5439
JOBS ?= $(shell nproc)

SF ?= 1
REPS ?= 3

.PHONY: all deps configure build run test test-slow format clean bench bench-tpch bench-ingest bench-writes bench-concurrency bench-size

all: build

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/build.ninja:
	@./scripts/install-deps.sh
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	nice cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/blueshift serve --data $(DATA) --port $(PORT)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -LE slow

test-slow: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L slow

# Benchmarks against DuckDB and PostgreSQL (bench/README.md); never part of `make test` beyond the smoke run.
bench: build
	SF=$(SF) REPS=$(REPS) bench/run.sh all
bench-tpch: build
	SF=$(SF) REPS=$(REPS) bench/run.sh tpch
bench-ingest: build
	SF=$(SF) bench/run.sh ingest
bench-size: build
	SF=$(SF) bench/run.sh size
bench-writes: build
	REPS=$(REPS) bench/run.sh writes-full
bench-concurrency: build
	SF=$(SF) bench/run.sh concurrency

format:
	find src tools -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
