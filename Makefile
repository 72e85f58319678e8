# Threadline: `make run` to try it, `make test` to check it.
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure web build run test bench bench-linkage bench-http bench-audit clean format

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null

build: configure web
	@cmake --build $(BUILD) -j $(JOBS)

# The web application (web/dist, served at / by `threadline serve`): `npm ci`
# when node_modules is missing or package-lock.json changed, then `npm run
# build` when any of its sources changed since the last build.
WEB_SOURCES := $(shell find web/src web/public web/scripts -type f 2>/dev/null) \
  web/index.html web/vite.config.ts web/tsconfig.json web/package.json

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js 20.19 or later is needed to build the web application; this is "+process.version); process.exit(1) }'
	@cd web && npm ci --no-audit --no-fund --loglevel=error

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@cd web && (npm run build --silent || { rm -f dist/index.html; exit 1; })

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
