# The two commands of the README's quick start, and a few more.
#   make run    install what is missing, build (release), serve the demo district on SQLite
#   make test   install what is missing, build (debug, ASan+UBSan), run every test suite
#               (SQLite and a throwaway PostgreSQL), then the browser tests of the web UI
#   make web    build the web UI into web/dist (embedded in the binary by the C++ build)
#   make screenshots  save the web UI's screens to docs/screenshots/
#   make bench  build (release) and run the benchmarks; figures go to bench/RESULTS.md
#   make fuzz   build the libFuzzer targets (clang) and fuzz each for FUZZ_SECONDS (default 60);
#               crashes go to build/fuzz/crashes (make test only replays the corpora)
#   make format clang-format the C++ and Prettier the web UI (make test checks the UI's)
#   make package  a Debian package of the release build (build/release/trellis_*.deb)
JOBS ?= $(shell nproc)
LISTEN ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60

.PHONY: run test web test-web screenshots build-release build-debug lint-openapi bench fuzz format clean package

run: build-release
	./build/release/trellis serve --demo --listen $(LISTEN)

test: build-debug lint-openapi
	scripts/install-oidc-test-provider.sh
	JOBS=$(JOBS) scripts/test-all.sh

# The binary (with the web UI inside), a systemd unit, /etc/trellis/trellis.conf and the
# trellis user: see packaging/ and the README's "Deploying".
package: build-release
	cd build/release && cpack -G DEB

# The UI is built before CMake runs so that the binary embeds it.
web:
	scripts/build-web.sh

test-web: build-debug
	scripts/test-web.sh

screenshots: build-debug
	scripts/test-web.sh --screenshots

lint-openapi:
	scripts/lint-openapi.sh

build-release: web
	scripts/install-deps.sh
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target trellis

build-debug: web
	scripts/install-deps.sh --test
	cmake --preset debug >/dev/null
	cmake --build --preset debug -j $(JOBS)

bench:
	scripts/install-deps.sh --bench
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	bench/run

fuzz:
	scripts/install-deps.sh --fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) tests/fuzz/run.sh

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i
	cd web && npm run --silent format

clean:
	rm -rf build web/dist
