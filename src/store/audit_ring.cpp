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
  domain::AuditEntry& e = slot.entry;  // assign() reuses the slot's buffers
  e.seq = 0;
  e.at.assign(entry.at);
  e.actor_id.assign(entry.actor_id);
  e.agency_id.assign(entry.agency_id);
  e.action.assign(entry.action);
  e.record_type.assign(entry.record_type);
  e.record_id.assign(entry.record_id);
  e.request_id.assign(entry.request_id);
  e.source.assign(entry.source);
  e.purpose.assign(entry.purpose);
  e.hash.clear();
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
