#include <gtest/gtest.h>

#include "core/time/clock.h"
#include "core/time/time.h"

namespace tideline {
namespace {

TEST(DurationTest, ParsesSparkIntervalStrings) {
  EXPECT_EQ(ParseDuration("10 seconds")->micros(), 10'000'000);
  EXPECT_EQ(ParseDuration("1 minute")->micros(), 60'000'000);
  EXPECT_EQ(ParseDuration("2 hours")->micros(), 7'200'000'000);
  EXPECT_EQ(ParseDuration("500 milliseconds")->micros(), 500'000);
  EXPECT_EQ(ParseDuration("10 second")->micros(), 10'000'000);
  EXPECT_EQ(ParseDuration("0 seconds")->micros(), 0);
  EXPECT_EQ(ParseDuration("interval 3 minutes 30 seconds")->micros(), 210'000'000);
  EXPECT_EQ(ParseDuration("1 month")->micros(), 31LL * 86'400'000'000);
}

TEST(DurationTest, ParsesShortForms) {
  EXPECT_EQ(ParseDuration("500ms")->micros(), 500'000);
  EXPECT_EQ(ParseDuration("1s")->micros(), 1'000'000);
  EXPECT_EQ(ParseDuration("5m")->micros(), 300'000'000);
  EXPECT_EQ(ParseDuration("1h")->micros(), 3'600'000'000);
  EXPECT_EQ(ParseDuration("1.5s")->micros(), 1'500'000);
}

TEST(DurationTest, RejectsGarbage) {
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("ten seconds").ok());
  EXPECT_FALSE(ParseDuration("10 parsecs").ok());
}

TEST(DurationTest, PrintsAsSparkDoes) {
  EXPECT_EQ(Duration::Millis(1500).ToSparkString(), "1500 ms");
  EXPECT_EQ(Duration::Seconds(90).ToString(), "1m30s");
}

TEST(TimestampTest, RoundTripsText) {
  auto t = ParseTimestamp("2016-03-22 20:25:28");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->micros() / 1'000'000, 1458678328);
  EXPECT_EQ(t->ToString(), "2016-03-22 20:25:28");
  EXPECT_EQ(ParseTimestamp("1970-01-01 00:00:10.5")->ToString(), "1970-01-01 00:00:10.5");
  EXPECT_EQ(Timestamp::FromSeconds(-1).ToString(), "1969-12-31 23:59:59");
  EXPECT_FALSE(ParseTimestamp("2016-13-01 00:00:00").ok());
}

TEST(TimestampTest, FloorsToAnInterval) {
  EXPECT_EQ(Timestamp::FromMillis(2500).FloorTo(Duration::Seconds(1)), Timestamp::FromMillis(2000));
  EXPECT_EQ(Timestamp::FromMillis(-500).FloorTo(Duration::Seconds(1)), Timestamp::FromMillis(-1000));
  EXPECT_EQ(Timestamp::FromMillis(2500).FloorTo(Duration::Seconds(1), Timestamp::FromMillis(300)),
            Timestamp::FromMillis(2300));
}

TEST(ManualClockTest, MovesOnlyWhenTold) {
  ManualClock c(Timestamp::FromSeconds(5));
  EXPECT_EQ(c.Now(), Timestamp::FromSeconds(5));
  c.Advance(Duration::Seconds(2));
  EXPECT_EQ(c.Now(), Timestamp::FromSeconds(7));
  c.SetTime(Timestamp::FromSeconds(1));  // never moves back
  EXPECT_EQ(c.Now(), Timestamp::FromSeconds(7));
}

}  // namespace
}  // namespace tideline
