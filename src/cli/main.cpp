// rimscan command-line entry point: one explicit table of subcommands, errors reported here as
// one line on stderr with the documented exit code.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <vector>

#include "cli/command.h"
#include "rimscan/error.h"
#include "rimscan/log.h"
#include "rimscan/version.h"

namespace {

using rimscan::cli::Command;

std::vector<std::unique_ptr<Command>> all_commands() {
  std::vector<std::unique_ptr<Command>> cmds;
  cmds.push_back(rimscan::cli::make_extract_command());
  cmds.push_back(rimscan::cli::make_batch_command());
  cmds.push_back(rimscan::cli::make_merge_command());
  cmds.push_back(rimscan::cli::make_info_command());
  cmds.push_back(rimscan::cli::make_features_command());
  cmds.push_back(rimscan::cli::make_phantom_command());
  cmds.push_back(rimscan::cli::make_train_command());
  cmds.push_back(rimscan::cli::make_validate_command());
  return cmds;
}

}  // namespace

int main(int argc, char** argv) {
  // Idle OpenMP threads sleep instead of spinning: batch runs several engines side by side and
  // hosts are shared. Set before the OpenMP runtime starts; a user's own setting wins.
  setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  CLI::App app{"rimscan: measured rim (peripheral) enhancement and leptomeningeal enhancement on "
               "contrast-enhanced brain MRI"};
  app.set_version_flag("--version", std::string("rimscan ") + rimscan::kVersion);
  app.require_subcommand(1);
  app.fallthrough();  // -v/-q work after the subcommand too
  int verbosity = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbosity, "More log output on stderr (-vv for debug)");
  app.add_flag("-q,--quiet", quiet, "Only errors on stderr");

  auto cmds = all_commands();
  std::vector<CLI::App*> subs;
  for (auto& c : cmds) {
    CLI::App* sub = app.add_subcommand(c->name(), c->summary());
    c->declare(*sub);
    subs.push_back(sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? rimscan::kExitOk : rimscan::kExitUsage;
  }
  rimscan::log::set_level(quiet ? rimscan::log::Level::kQuiet
                                : (verbosity >= 2   ? rimscan::log::Level::kDebug
                                   : verbosity == 1 ? rimscan::log::Level::kInfo
                                                    : rimscan::log::Level::kWarn));
  for (size_t i = 0; i < cmds.size(); ++i) {
    if (!subs[i]->parsed()) continue;
    try {
      return cmds[i]->run();
    } catch (const rimscan::Error& e) {
      std::fprintf(stderr, "rimscan %s: error: %s\n", cmds[i]->name(), e.what());
      return rimscan::exit_code_for(e.code());
    } catch (const CLI::ParseError& e) {
      std::fprintf(stderr, "rimscan %s: usage error: %s\n", cmds[i]->name(), e.what());
      return rimscan::kExitUsage;
    } catch (const std::bad_alloc&) {
      std::fprintf(stderr, "rimscan %s: error: out of memory\n", cmds[i]->name());
      return rimscan::kExitError;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rimscan %s: error: %s\n", cmds[i]->name(), e.what());
      return rimscan::kExitError;
    }
  }
  return rimscan::kExitUsage;
}
