# Threadline: `make run` to try it, `make test` to check it.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test bench bench-linkage bench-http bench-audit clean format

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@./$(BUILD)/threadline demo

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

bench: build
	@bash scripts/bench.sh $(BUILD)

bench-http: build
	@bash scripts/bench-http.sh $(BUILD)

bench-linkage: build
	@bash scripts/bench-linkage.sh $(BUILD)/threadline

bench-audit: build
	@bash scripts/bench-audit.sh $(BUILD)/threadline

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	@rm -rf $(BUILD)
