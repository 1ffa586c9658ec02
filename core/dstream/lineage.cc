// The walk from a stream's element down to the input elements that made it (lineage.h).

#include "core/dstream/lineage.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/dstream/dstream.h"
#include "core/dstream/streams.h"

namespace tideline::dstream {

namespace {

using ValueSet = std::set<Value, ValueLess>;

bool IsPair(const Value& v) { return v.type() == ValueType::kTuple && v.size() == 2; }

class Walk {
 public:
  Walk(const GeneratedRdds& generated, ElementLineage* out) : generated_(generated), out_(out) {}

  void Back(DStream& s, Timestamp t, const std::vector<Value>& targets, const std::string& role);

 private:
  const std::vector<Value>& At(const DStream& s, Timestamp t) const {
    static const std::vector<Value> kNone;
    auto it = generated_.find(s.name());
    if (it == generated_.end()) return kNone;
    auto r = it->second.find(t);
    return r == it->second.end() ? kNone : r->second;
  }
  // The parent's batch times in (from, to].
  std::vector<Timestamp> TimesIn(const DStream& s, Timestamp from, Timestamp to) const {
    std::vector<Timestamp> times;
    auto it = generated_.find(s.name());
    if (it == generated_.end()) return times;
    for (const auto& [t, rows] : it->second)
      if (t > from && t <= to) times.push_back(t);
    return times;
  }
  void SetKey(const std::vector<Value>& targets) {
    if (targets.size() != 1 || !IsPair(targets[0]) || out_->has_key) return;
    out_->has_key = true;
    out_->key = targets[0][0];
  }
  void BackPerBatch(PerBatchDStream& s, Timestamp t, const std::vector<Value>& targets, const std::string& role);
  void BackMulti(MultiParentDStream& s, Timestamp t, const std::vector<Value>& targets, const std::string& role);
  // The elements of `parent` in the batches of (from, to] whose key (or whole value, for
  // `by_key` false) is among the targets'; earlier batches than `to` get `earlier_role`.
  void BackOver(DStream& parent, Timestamp from, Timestamp to, const std::vector<Value>& targets, bool by_key,
                const std::string& role, const std::string& earlier_role);

  const GeneratedRdds& generated_;
  ElementLineage* out_;
  std::set<const DStream*> visited_;
};

void Walk::Back(DStream& s, Timestamp t, const std::vector<Value>& targets, const std::string& role) {
  if (targets.empty()) return;
  if (visited_.insert(&s).second) out_->path.push_back(fmt::format("{} ({})", s.name(), s.spark_class()));
  if (s.is_input()) {
    for (const Value& v : targets) out_->inputs.push_back({s.name(), t, v, role});
    return;
  }
  if (auto* p = dynamic_cast<PerBatchDStream*>(&s)) return BackPerBatch(*p, t, targets, role);
  if (auto* m = dynamic_cast<MultiParentDStream*>(&s)) return BackMulti(*m, t, targets, role);
  if (auto* w = dynamic_cast<WindowedDStream*>(&s))
    return BackOver(*w->dependencies()[0], t - w->window_duration(), t, targets, false, role, role);
  if (auto* r = dynamic_cast<ReducedWindowedDStream*>(&s)) {
    SetKey(targets);
    return BackOver(*r->dependencies()[0], t - r->window_duration(), t, targets, true, role, role);
  }
  if (dynamic_cast<StateDStream*>(&s) || dynamic_cast<MapWithStateDStream*>(&s)) {
    SetKey(targets);
    out_->state_stream = s.name();
    DStream* parent = s.dependencies()[0];
    if (auto* m = dynamic_cast<MapWithStateDStream*>(&s)) parent = m->internal()->dependencies()[0];
    // A mapped element that is no pair: the elements of this batch.
    bool keyed = std::all_of(targets.begin(), targets.end(), IsPair);
    if (!keyed) return Back(*parent, t, At(*parent, t), role);
    return BackOver(*parent, parent->zero_time(), t, targets, true, role, "state");
  }
  // Any other stream: every element of its parents at t.
  for (DStream* parent : s.dependencies()) Back(*parent, t, At(*parent, t), role);
}

// One parent element at a time through the stream's function: exact images first, then
// images with the key, then the whole batch (a count or a reduce).
void Walk::BackPerBatch(PerBatchDStream& s, Timestamp t, const std::vector<Value>& targets, const std::string& role) {
  DStream& parent = *s.dependencies()[0];
  const std::vector<Value>& in = At(parent, t);
  ValueSet want(targets.begin(), targets.end()), keys;
  for (const Value& v : targets)
    if (IsPair(v)) keys.insert(v[0]);
  std::vector<Value> exact, keyed;
  for (const Value& e : in) {
    RddPtr image = s.Apply(MakeRdd({e}, 1), t);
    bool is_exact = false, has_key = false;
    for (const Value& x : image->data) {
      is_exact = is_exact || want.count(x) > 0;
      has_key = has_key || (IsPair(x) && keys.count(x[0]) > 0);
    }
    if (is_exact) exact.push_back(e);
    else if (has_key) keyed.push_back(e);
  }
  if (!exact.empty()) return Back(parent, t, exact, role);
  if (!keyed.empty()) {
    SetKey(targets);
    return Back(parent, t, keyed, role);
  }
  Back(parent, t, in, role);
}

void Walk::BackMulti(MultiParentDStream& s, Timestamp t, const std::vector<Value>& targets, const std::string& role) {
  const std::vector<DStream*> parents = s.dependencies();
  std::vector<RddPtr> full, empty;
  for (DStream* p : parents) {
    full.push_back(MakeRdd(At(*p, t), 1));
    empty.push_back(MakeRdd({}, 1));
  }
  ValueSet want(targets.begin(), targets.end()), keys;
  for (const Value& v : targets)
    if (IsPair(v)) keys.insert(v[0]);
  const bool sides = parents.size() == 2 && s.spark_class() != "UnionDStream";
  // mode 0: the element alone, exact; 1: against the other parents, exact; 2: alone, by key.
  for (int mode = 0; mode < 3; ++mode) {
    std::vector<std::vector<Value>> picked(parents.size());
    bool any = false;
    for (size_t p = 0; p < parents.size(); ++p) {
      std::vector<RddPtr> args = mode == 1 ? full : empty;
      for (const Value& e : At(*parents[p], t)) {
        args[p] = MakeRdd({e}, 1);
        RddPtr image = s.Apply(args, t);
        bool hit = false;
        for (const Value& x : image->data) hit = hit || (mode == 2 ? IsPair(x) && keys.count(x[0]) > 0 : want.count(x) > 0);
        if (hit) picked[p].push_back(e);
      }
      any = any || !picked[p].empty();
    }
    if (!any) continue;
    if (mode == 2) SetKey(targets);
    for (size_t p = 0; p < parents.size(); ++p)
      Back(*parents[p], t, picked[p], sides && role.empty() ? (p == 0 ? "left" : "right") : role);
    return;
  }
  for (DStream* p : parents) Back(*p, t, At(*p, t), role);
}

void Walk::BackOver(DStream& parent, Timestamp from, Timestamp to, const std::vector<Value>& targets, bool by_key,
                    const std::string& role, const std::string& earlier_role) {
  ValueSet want;
  for (const Value& v : targets) {
    if (!by_key) want.insert(v);
    else if (IsPair(v)) want.insert(v[0]);
  }
  for (Timestamp pt : TimesIn(parent, from, to)) {
    std::vector<Value> picked;
    for (const Value& e : At(parent, pt)) {
      if (by_key ? IsPair(e) && want.count(e[0]) > 0 : want.count(e) > 0) picked.push_back(e);
    }
    Back(parent, pt, picked, pt == to ? role : earlier_role);
  }
}

}  // namespace

Result<ElementLineage> ExplainElement(DStream& stream, Timestamp t, const Value& element, const GeneratedRdds& generated) {
  ElementLineage out;
  Walk walk(generated, &out);
  try {
    walk.Back(stream, t, {element}, "");
  } catch (const std::exception& e) {
    return Status::Runtime(fmt::format("re-running {} on single elements failed: {}", stream.name(), e.what()));
  }
  std::stable_sort(out.inputs.begin(), out.inputs.end(),
                   [](const LineageInput& a, const LineageInput& b) { return a.batch_time < b.batch_time; });
  return out;
}

}  // namespace tideline::dstream
