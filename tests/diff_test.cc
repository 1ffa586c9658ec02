// tideline diff (spec section 13) in process, on the scenarios and recordings of tests/diff/.
#include <gtest/gtest.h>

#include <string>

#include "core/scenario/model.h"
#include "core/verify/diff.h"

namespace tideline::verify {
namespace {

const std::string kDir = TIDELINE_SOURCE_DIR "/tests/diff/";

scenario::Scenario Load(const std::string& name) {
  auto sc = scenario::LoadScenario(kDir + name);
  EXPECT_TRUE(sc.ok()) << sc.status().ToString();
  return *sc;
}

const OutputDiff& OnlyOutput(const DiffResult& r) {
  EXPECT_EQ(r.outputs.size(), 1u);
  return r.outputs.at(0);
}

TEST(Diff, RecordingsThatDifferInOneRecordDivergeAtThatRowsBatch) {
  scenario::Scenario sc = Load("counts.yaml");
  auto r = DiffReplays(sc, kDir + "r1.jsonl", kDir + "r2.jsonl");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->divergence.has_value());
  const Divergence& d = *r->divergence;
  EXPECT_EQ(d.kind, "input row");
  EXPECT_EQ(d.where, "lines");
  // The changed record arrives at 2.4 s: batch 3000 ms processes it.
  EXPECT_EQ(d.batch, "3000 ms");
  EXPECT_EQ(d.key, "\"c\"");
  EXPECT_EQ(d.a, "\"c\"");
  EXPECT_EQ(d.b, "\"d\"");
  const OutputDiff& o = OnlyOutput(*r);
  EXPECT_EQ(o.output, "print(totals)");
  EXPECT_TRUE(o.differs);
  EXPECT_EQ(o.batch, "3000 ms");
  EXPECT_NE(o.a.find("(c,2)"), std::string::npos) << o.a;
  EXPECT_NE(o.b.find("(d,1)"), std::string::npos) << o.b;
}

TEST(Diff, ARecordingAgainstItselfIsIdentical) {
  scenario::Scenario sc = Load("counts.yaml");
  auto r = DiffReplays(sc, kDir + "r1.jsonl", kDir + "r1.jsonl");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->identical());
  EXPECT_FALSE(OnlyOutput(*r).differs);
}

TEST(Diff, TwoRunsOfOneScenarioAreIdentical) {
  auto r = DiffScenarios(Load("counts.yaml"), Load("counts.yaml"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->identical());
  EXPECT_FALSE(OnlyOutput(*r).differs);
}

TEST(Diff, ScenariosWithOneRecordChangedDivergeAtThatRow) {
  auto r = DiffScenarios(Load("counts.yaml"), Load("counts-changed-record.yaml"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->divergence.has_value());
  EXPECT_EQ(r->divergence->kind, "input row");
  EXPECT_EQ(r->divergence->batch, "2000 ms");
  EXPECT_EQ(r->divergence->key, "\"a c\"");
  EXPECT_EQ(r->divergence->b, "\"a d\"");
  EXPECT_EQ(OnlyOutput(*r).batch, "2000 ms");
}

TEST(Diff, SameInputsDifferentUpdateFunctionDivergeInAKeysState) {
  auto r = DiffScenarios(Load("counts.yaml"), Load("counts-doubled.yaml"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->divergence.has_value());
  const Divergence& d = *r->divergence;
  EXPECT_EQ(d.kind, "state");
  EXPECT_EQ(d.where, "totals");
  EXPECT_EQ(d.batch, "1000 ms");
  EXPECT_EQ(d.key, "\"a\"");
  EXPECT_EQ(d.a, "null -> 1");
  EXPECT_EQ(d.b, "null -> 2");
  EXPECT_EQ(OnlyOutput(*r).batch, "1000 ms");
}

TEST(Diff, AnErrorInAScenarioIsAnError) {
  auto r = DiffScenarios(Load("counts.yaml"), Load("counts-broken.yaml"));
  EXPECT_FALSE(r.ok());
}

TEST(Diff, AMissingRecordingIsAnErrorNamingIt) {
  auto r = DiffReplays(Load("counts.yaml"), kDir + "r1.jsonl", kDir + "no-such.jsonl");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("no-such.jsonl"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace tideline::verify
