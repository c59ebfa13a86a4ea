// A real PostgreSQL server from Debian's `postgresql` package, in a temporary folder, listening
// only on a unix socket in that folder. As root, initdb and the server run as the `postgres`
// user (PostgreSQL refuses to run as root); the folder is handed to that user.
#pragma once
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace kiosk::logs::testing {

// The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl, or "".
inline std::filesystem::path postgresBinDir() {
    std::filesystem::path best;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", error)) {
        const auto bin = entry.path() / "bin";
        if (std::filesystem::exists(bin / "initdb") && std::filesystem::exists(bin / "pg_ctl") && bin > best) best = bin;
    }
    return best;
}

class PostgresServer {
public:
    PostgresServer() {
        bin_ = postgresBinDir();
        if (bin_.empty()) {
            problem_ = "PostgreSQL server not installed (apt-get install postgresql)";
            return;
        }
        char pattern[] = "/tmp/kiosk-pg-XXXXXX";
        if (!::mkdtemp(pattern)) {
            problem_ = "cannot make a temporary folder";
            return;
        }
        dir_ = pattern;
        runAs_ = "";
        if (::geteuid() == 0) {
            const passwd* user = ::getpwnam("postgres");
            if (!user) {
                problem_ = "running as root and there is no 'postgres' user to run the server as";
                return;
            }
            if (::chown(dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
                problem_ = "cannot hand the temporary folder to the postgres user";
                return;
            }
            runAs_ = "runuser -u postgres -- ";
        }
        const std::string data = (dir_ / "data").string();
        if (!shell(runAs_ + bin_.string() + "/initdb -D " + data + " -A trust -U kiosk --no-sync -E UTF8 >" +
                   (dir_ / "initdb.log").string() + " 2>&1")) {
            problem_ = "initdb failed (see " + (dir_ / "initdb.log").string() + ")";
            return;
        }
        // Only the unix socket in the folder: no TCP port to collide with anything.
        if (!shell(runAs_ + bin_.string() + "/pg_ctl -D " + data + " -w -t 60 -l " + (dir_ / "server.log").string() +
                   " -o \"-k " + dir_.string() + " -c listen_addresses='' -c fsync=off\" start >/dev/null 2>&1")) {
            problem_ = "the PostgreSQL server did not start (see " + (dir_ / "server.log").string() + ")";
            return;
        }
        started_ = true;
    }
    ~PostgresServer() {
        if (started_) shell(runAs_ + bin_.string() + "/pg_ctl -D " + (dir_ / "data").string() + " -m immediate stop >/dev/null 2>&1");
        if (!dir_.empty()) {
            std::error_code error;
            std::filesystem::remove_all(dir_, error);
        }
    }
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    bool running() const { return started_; }
    const std::string& problem() const { return problem_; }
    // A new, empty database for one test.
    std::string createDatabase(const std::string& name) {
        shell(bin_.string() + "/../bin/createdb -h " + dir_.string() + " -U kiosk " + name + " >/dev/null 2>&1");
        return uri(name);
    }
    std::string uri(const std::string& database) const {
        return "postgresql://kiosk@/" + database + "?host=" + dir_.string();
    }

private:
    static bool shell(const std::string& command) { return std::system(command.c_str()) == 0; }
    std::filesystem::path bin_, dir_;
    std::string runAs_, problem_;
    bool started_ = false;
};

} // namespace kiosk::logs::testing
