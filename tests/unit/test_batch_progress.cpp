// Batch progress: the bar text, durations, and the JSON-lines events.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "rimscan/batch/progress.h"
#include "rimscan/error.h"

using namespace rimscan;
using namespace rimscan::batch;

TEST(BatchProgress, Durations) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(59.4), "0:59");
  EXPECT_EQ(format_duration(61), "1:01");
  EXPECT_EQ(format_duration(3600 + 125), "1:02:05");
  EXPECT_EQ(format_duration(-1), "--:--");
}

TEST(BatchProgress, BarShowsCountsRateAndEta) {
  ProgressCounts c{200, 10, 100, 0};
  // 100 left at 4 cases/s -> 25 s.
  const std::string bar = format_progress_bar(c, 4.0, 100);
  EXPECT_NE(bar.find("100/200 done"), std::string::npos) << bar;
  EXPECT_NE(bar.find("0 failed"), std::string::npos) << bar;
  EXPECT_NE(bar.find("4.00 cases/s"), std::string::npos) << bar;
  EXPECT_NE(bar.find("ETA 0:25"), std::string::npos) << bar;
  EXPECT_NE(bar.find("[####################....................]"), std::string::npos) << bar;
  EXPECT_LE(bar.size(), 100u);
  EXPECT_NE(format_progress_bar(c, 0.0, 100).find("ETA --:--"), std::string::npos);
  EXPECT_LE(format_progress_bar(c, 4.0, 30).size(), 30u);
}

TEST(BatchProgress, ModeChoice) {
  EXPECT_EQ(parse_progress_mode("auto", true), ProgressMode::kBar);
  EXPECT_EQ(parse_progress_mode("auto", false), ProgressMode::kJsonLines);
  EXPECT_EQ(parse_progress_mode("none", true), ProgressMode::kNone);
  EXPECT_THROW(parse_progress_mode("loud", true), Error);
}

static std::vector<nlohmann::json> lines_of(std::FILE* f) {
  std::rewind(f);
  std::vector<nlohmann::json> out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, f)) out.push_back(nlohmann::json::parse(buf));
  return out;
}

TEST(BatchProgress, JsonLinesEvents) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    Progress p(ProgressMode::kJsonLines, f, 3, 1);
    p.start({{"jobs", 2}});
    p.case_done(2, "C", 0.5);
    p.case_failed(0, "A", "read", "input_missing", "a.nii: no such file");
    p.finish();
    p.finish();  // once only
  }
  auto ev = lines_of(f);
  std::fclose(f);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0]["event"], "batch_start");
  EXPECT_EQ(ev[0]["total"], 3);
  EXPECT_EQ(ev[0]["todo"], 2);
  EXPECT_EQ(ev[0]["resumed"], 1);
  EXPECT_EQ(ev[0]["jobs"], 2);
  EXPECT_EQ(ev[1]["event"], "case_done");
  EXPECT_EQ(ev[1]["case_id"], "C");
  EXPECT_EQ(ev[1]["index"], 2);
  EXPECT_EQ(ev[1]["done"], 2);  // the resumed case counts as done
  EXPECT_EQ(ev[2]["event"], "case_failed");
  EXPECT_EQ(ev[2]["stage"], "read");
  EXPECT_EQ(ev[2]["code"], "input_missing");
  EXPECT_EQ(ev[2]["failed"], 1);
  EXPECT_EQ(ev[3]["event"], "batch_done");
  EXPECT_EQ(ev[3]["done"], 2);
  EXPECT_EQ(ev[3]["failed"], 1);
}

TEST(BatchProgress, NoneWritesNothing) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    Progress p(ProgressMode::kNone, f, 2, 0);
    p.start({});
    p.case_done(0, "A", 1);
    p.finish();
  }
  EXPECT_EQ(std::ftell(f), 0);
  std::fclose(f);
}
