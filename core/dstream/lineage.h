#pragma once
// Lineage of a DStream output's elements ("why this row?", `tideline explain-row`): which
// input elements made an element of a stream's RDD at a batch time. A plain run keeps
// nothing beyond its trace; the walk reads each stream's RDDs from a traced run (its
// streamOutput events) and asks each stream, by its own rule, which of its parents'
// elements make the elements asked about:
//
//  - per-batch transformations (map, flatMap, filter, reduceByKey, countByValue,
//    transform, ...): the stream's own function is run again on each parent element
//    alone; the elements whose image holds the element asked about made it, else those
//    whose image has its key (a reduction or a grouping), else all of them (count, reduce);
//  - unions, joins and cogroups likewise, one parent element against the others
//    (a join's pair is found this way);
//  - window: the equal elements of the batches the window covers;
//    reduceByKeyAndWindow with an inverse function: the key's elements of those batches;
//  - updateStateByKey and mapWithState: the key's elements of this batch and of every
//    batch before it (what built its state), earlier ones marked "state".
//
// Functions are run again as the engine ran them, so the answer is what it computed.

#include <map>
#include <string>
#include <vector>

#include "core/common/status.h"
#include "core/time/time.h"
#include "core/value/value.h"

namespace tideline::dstream {

class DStream;

// Each stream's elements at each batch time, by stream name (a traced run's streamOutput events).
using GeneratedRdds = std::map<std::string, std::map<Timestamp, std::vector<Value>>>;

struct LineageInput {
  std::string input;     // the input stream's name
  Timestamp batch_time;  // the batch it was part of
  Value element;
  std::string role;      // "", "left", "right" (a join's sides), "state" (an earlier batch a state holds)
};

struct ElementLineage {
  std::vector<std::string> path;      // the streams walked, the output's first: "name (SparkClass)"
  std::vector<LineageInput> inputs;   // in batch order
  bool has_key = false;
  Value key;                          // the key of a keyed element
  std::string state_stream;           // the stateful stream on the path, whose history of `key` tells the rest
};

// Why `element` is in `stream`'s RDD at batch time `t`.
Result<ElementLineage> ExplainElement(DStream& stream, Timestamp t, const Value& element, const GeneratedRdds& generated);

}  // namespace tideline::dstream
