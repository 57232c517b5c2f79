// SPDX-License-Identifier: Apache-2.0
#include "rpc/backend.hpp"

#include <algorithm>

namespace blend::rpc {

bool log_matches(const LogFilter& filter, const Log& log)
{
    if (!filter.addresses.empty() && std::find(filter.addresses.begin(), filter.addresses.end(),
                                               log.address) == filter.addresses.end())
        return false;
    // geth (eth/filters/filter.go filterLogs) drops a log with fewer topics than the filter
    // has positions, even when the extra positions are wildcards.
    if (filter.topics.size() > log.topics.size())
        return false;
    for (size_t i = 0; i < filter.topics.size(); ++i) {
        const auto& wanted = filter.topics[i];
        if (!wanted.empty() &&
            std::find(wanted.begin(), wanted.end(), log.topics[i]) == wanted.end())
            return false;
    }
    return true;
}

}  // namespace blend::rpc
