#include "app/allocator.hpp"

#include <jemalloc/jemalloc.h>
#include <sys/types.h>

#include <string>

namespace threadline::app {

void ReturnFreedMemoryPromptly() {
  ssize_t zero = 0;
  // A failure leaves the default in place: slower to give memory back, no
  // less correct. Arenas made later take the new default; each existing one
  // (arena 0 at least, the main thread's) is set on its own.
  auto set = [&](const std::string& name) {
    (void)mallctl(name.c_str(), nullptr, nullptr, &zero, sizeof(zero));
  };
  set("arenas.dirty_decay_ms");
  set("arenas.muzzy_decay_ms");
  unsigned arenas = 0;
  size_t size = sizeof(arenas);
  if (mallctl("arenas.narenas", &arenas, &size, nullptr, 0) != 0) return;
  for (unsigned i = 0; i < arenas; ++i) {
    set("arena." + std::to_string(i) + ".dirty_decay_ms");
    set("arena." + std::to_string(i) + ".muzzy_decay_ms");
  }
}

}  // namespace threadline::app
