#include "kiosk/tools/logs/organizer_database.h"

namespace kiosk::logs {

Result<std::unique_ptr<OrganizerDatabase>> openPostgresOrganizerDatabase(const std::string& uri) {
    (void)uri;
    return Error{"PostgreSQL is not supported yet"};
}

} // namespace kiosk::logs
