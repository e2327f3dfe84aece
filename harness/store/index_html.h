// index.html: the front page of a stored run, the page a user opens first.
// Top to bottom: the verdict (element id "verdict"), the command that
// replays the run, the anomaly lines, the plots, then one section per
// checker (its verdict, its anomaly lines, its whole results entry), then
// the run's options and every file the store holds, linked.
//
// The page knows no checker by name, so a new checker or plot needs no
// edit here: checkers are the entries of the results map, rendered by
// ValueHtml (value_html.h: generic, bounded, failing entries first, ops on
// one line linked to timeline.html); a checker's anomaly lines are the
// Analysis report lines prefixed with its results key; any string in the
// results that names a file of the store becomes a link; and every .svg or
// .png in the store is shown as a picture (the store's own plots first, at
// most 8) unless the table of known files in index_html.cc keeps it to a
// link because it can be very large (messages.svg).
//
// A self-contained static page: inline CSS, no script, no external
// resource; links are relative, so the store directory can be moved or
// opened as file://. Every string from the run is HTML-escaped. Size stays
// bounded by the rendering caps. Pure function; thread-compatible.
#ifndef HARNESS_STORE_INDEX_HTML_H_
#define HARNESS_STORE_INDEX_HTML_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/checkers/analysis.h"
#include "nlohmann/json.hpp"

namespace harness {

struct IndexPage {
  std::string run_name;  // the store directory's name (its timestamp)
  // run.json (flags, seed, "reproduce": the replay command); null or a
  // non-object when unknown.
  nlohmann::json run;
  // Null when the run stopped before it had a history to check.
  const Analysis* analysis = nullptr;
  // Why the run aborted (exit 255): a node crashed, setup failed, it was
  // interrupted. Empty for a run that finished.
  std::string aborted;
  int64_t ok = 0, fail = 0, info = 0;  // client completions
  // Files of the store, relative to its directory ("node-logs/n0.log"),
  // sorted; index.html itself is ignored if present.
  std::vector<std::string> files;
};

std::string IndexHtml(const IndexPage& page);

}  // namespace harness

#endif  // HARNESS_STORE_INDEX_HTML_H_
