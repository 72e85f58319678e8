#include "store/audit_ring.hpp"

#include <algorithm>
#include <utility>

namespace threadline::store {

AuditRing::AuditRing(size_t initial_slots) : slots_(std::max<size_t>(1, initial_slots)) {}

AuditRing::Slot& AuditRing::Next() {
  if (count_ == slots_.size()) Grow();
  Slot& slot = slots_[(head_ + count_) % slots_.size()];
  ++count_;
  return slot;
}

void AuditRing::Push(const domain::AuditEntry& entry, TimePoint queued) {
  Slot& slot = Next();
  slot.entry = entry;  // copy-assignment reuses the slot's string buffers
  slot.queued = queued;
}

void AuditRing::Push(const ReadAuditEntry& entry, TimePoint queued) {
  Slot& slot = Next();
  entry.AssignTo(slot.entry);
  slot.queued = queued;
}

void AuditRing::PopInto(size_t n, std::vector<domain::AuditEntry>& out,
                        std::vector<domain::AuditEntry>& spare) {
  n = std::min(n, count_);
  out.reserve(out.size() + n);
  for (size_t i = 0; i < n; ++i) {
    Slot& slot = slots_[head_];
    domain::AuditEntry taken;
    if (!spare.empty()) {
      taken = std::move(spare.back());
      spare.pop_back();
    }
    std::swap(taken, slot.entry);
    out.push_back(std::move(taken));
    head_ = (head_ + 1) % slots_.size();
    --count_;
  }
}

void AuditRing::Grow() {
  // Rare: only a list of entries larger than the queue's capacity, queued
  // at once, needs more slots than it was made with.
  std::vector<Slot> grown(slots_.size() * 2);
  for (size_t i = 0; i < count_; ++i) grown[i] = std::move(slots_[(head_ + i) % slots_.size()]);
  slots_ = std::move(grown);
  head_ = 0;
}

}  // namespace threadline::store
