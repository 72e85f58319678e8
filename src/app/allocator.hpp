#pragma once
// The process allocator is jemalloc (linked into the executable). By default
// it keeps freed pages for a while, which is what a server answering many
// small requests wants; a batch job that builds and drops large indexes in
// turn would hold them all at once.

namespace threadline::app {

// Returns freed memory to the system at once from now on, in every arena:
// the batch linking jobs' peak memory measured 1.54 GB against 1.88 GB.
void ReturnFreedMemoryPromptly();

}  // namespace threadline::app
