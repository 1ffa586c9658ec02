#pragma once
// Checked files bound to their place: the SHA-256 trailer of a checkpoint log or state
// file (atomic_file.h) computed over the file's identity (for example "offsets/5" or
// "state/0/3.snapshot") followed by its body. A file copied over another one (batch 3's
// offsets over batch 5's, one state version over another) keeps a valid checksum of its
// own but fails this check. The file's bytes are the body and the usual trailer line, so
// a reader that knows the identity needs nothing else. Stateless and thread-safe.

#include <string>
#include <string_view>

#include "core/common/atomic_file.h"

namespace tideline {

// `body` followed by the trailer over `identity` and `body`.
std::string WithBoundChecksumTrailer(std::string_view identity, std::string_view body);

// Splits `file` into its body (`*body`) and checks its trailer against `identity`.
// kMissing when there is no trailer, kMismatch when it does not match (damaged, or
// another file's content).
ChecksumCheck SplitBoundChecksumTrailer(std::string_view identity, std::string_view file, std::string_view* body);

}  // namespace tideline
