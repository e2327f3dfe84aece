#include "harness/store/front_page.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "harness/store/index_html.h"
#include "harness/store/store.h"

namespace harness {

namespace fs = std::filesystem;

std::vector<std::string> ListStoreFiles(const std::string& dir, size_t max_files) {
  std::vector<std::string> files;
  std::error_code ec;
  fs::path root = fs::weakly_canonical(dir, ec);
  if (ec) root = dir;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator() && files.size() < max_files;
       it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) {
      files.push_back(it->path().lexically_relative(root).generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

absl::Status WriteFrontPage(const std::string& dir, const nlohmann::json& run,
                            const Analysis* analysis, const History* history,
                            const std::string& aborted) {
  IndexPage page;
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(dir, ec);
  page.run_name = (ec ? fs::path(dir) : canonical).filename().string();
  page.run = run;
  page.analysis = analysis;
  page.aborted = aborted;
  if (history != nullptr) {
    for (const Op& op : *history) {
      if (!op.is_client()) continue;
      page.ok += op.type == OpType::kOk;
      page.fail += op.type == OpType::kFail;
      page.info += op.type == OpType::kInfo;
    }
  }
  page.files = ListStoreFiles(dir);
  try {
    return WriteTextFile(dir + "/index.html", IndexHtml(page));
  } catch (const std::exception& e) {
    return absl::InternalError(std::string("index.html: ") + e.what());
  }
}

}  // namespace harness
