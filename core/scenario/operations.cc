#include "core/scenario/operations.h"

#include <algorithm>

namespace tideline::scenario {

const std::vector<std::string>& DStreamOps() {
  static const std::vector<std::string> ops = {
      "map", "flatMap", "filter", "mapValues", "flatMapValues", "glom", "count", "countByValue", "groupByKey",
      "cache", "persist", "repartition", "reduce", "reduceByKey", "transform", "window", "countByWindow",
      "countByValueAndWindow", "reduceByWindow", "reduceByKeyAndWindow", "groupByKeyAndWindow", "updateStateByKey",
      "mapWithState", "stateSnapshots", "checkpoint", "union", "join", "leftOuterJoin", "rightOuterJoin",
      "fullOuterJoin", "cogroup"};
  return ops;
}

const std::vector<std::string>& DStreamCombineOps() {
  static const std::vector<std::string> ops = {"union", "join", "leftOuterJoin", "rightOuterJoin", "fullOuterJoin",
                                               "cogroup"};
  return ops;
}

const std::vector<std::string>& RddOps() {
  static const std::vector<std::string> ops = {"map", "flatMap", "filter", "mapValues", "flatMapValues", "reduce",
                                               "reduceByKey", "glom", "count", "countByValue", "groupByKey", "cache",
                                               "persist", "repartition", "sortBy", "zipWithIndex", "distinct", "take"};
  return ops;
}

const std::vector<std::string>& DStreamOutputs() {
  static const std::vector<std::string> outputs = {"print", "saveAsTextFiles", "foreachRDD", "collect"};
  return outputs;
}

const std::vector<std::string>& StructuredOps() {
  static const std::vector<std::string> ops = {
      "select", "where", "filter", "withColumn", "withColumnRenamed", "drop", "withWatermark", "alias", "groupBy", "agg",
      "dropDuplicates", "dropDuplicatesWithinWatermark", "join", "union", "orderBy", "limit", "flatMapGroupsWithState",
      "mapGroupsWithState", "distinct"};
  return ops;
}

const std::vector<std::string>& DStreamInputTypes() {
  static const std::vector<std::string> types = {"queue", "socket", "textFile", "recording"};
  return types;
}

const std::vector<std::string>& StructuredInputTypes() {
  static const std::vector<std::string> types = {"memory", "rate", "socket", "file", "static", "recording"};
  return types;
}

const std::vector<std::string>& SinkFormats() {
  static const std::vector<std::string> formats = {"memory", "console", "file", "foreachBatch", "noop", "json", "csv"};
  return formats;
}

const std::vector<std::string>& StepKinds() {
  static const std::vector<std::string> steps = {
      "addData", "addBatches", "addFile", "advanceClock", "runBatches", "processAllAvailable", "checkAnswer",
      "checkNewAnswer", "checkLastBatch", "expectOutput", "assertWatermark", "assertNumStateRows", "assertEventStats",
      "assertProgress", "stopStream", "startStream", "awaitTermination", "crash", "expectFailure", "note"};
  return steps;
}

bool IsOneOf(std::string_view name, const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace tideline::scenario
