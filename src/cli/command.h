#pragma once
// A CLI subcommand: declares its options once on a CLI11 subcommand (help text comes from the
// declaration) and runs with the parsed values, which live in the command object (no global
// state). main.cpp lists every command in one explicit table.
#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "rimscan/device.h"

namespace rimscan::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual const char* name() const = 0;
  virtual const char* summary() const = 0;
  virtual void declare(CLI::App& sub) = 0;
  // Returns the process exit code (README: 0 ok, 1 error, 2 usage, 3 some cases failed).
  // Errors are thrown as rimscan::Error and reported by main().
  virtual int run() = 0;
};

// Options shared by every command that computes: --device and --threads.
struct DeviceOptions {
  std::string device = "auto";
  int threads = 0;
  void declare(CLI::App& sub);
  DeviceRequest request() const { return DeviceRequest::parse(device, threads); }
};

std::unique_ptr<Command> make_extract_command();
std::unique_ptr<Command> make_batch_command();
std::unique_ptr<Command> make_merge_command();
std::unique_ptr<Command> make_info_command();
std::unique_ptr<Command> make_features_command();
std::unique_ptr<Command> make_phantom_command();
std::unique_ptr<Command> make_train_command();
std::unique_ptr<Command> make_validate_command();

}  // namespace rimscan::cli
