// xapian-metadata-leak.cc -- a leak inside libxapian (1.4.22, and the 1.4
// branch and master as of 2026), with Xapian alone: no fouille code.
//
// Xapian::Database::metadata_keys_begin() on a Glass database makes a
// table cursor (GlassTable::cursor_get(), `new GlassCursor`: 104 bytes
// holding one block buffer a level of the table) and hands it to the
// GlassMetadataTermList constructor, which keeps it in a raw pointer and
// positions it (cursor->find_entry_lt). When the reader's revision has
// been overwritten since it was opened (two commits by a writer), that
// read throws Xapian::DatabaseModifiedError out of the constructor: the
// destructor that deletes the cursor never runs, and the cursor with its
// block buffers is lost. fouille lists its file records that way
// (fdb_files, for /api/stats and the indexer's plan), so every such call
// the index changes under loses about 16 KiB.
//
// Run: g++ -std=c++17 -o leak xapian-metadata-leak.cc $(pkg-config --cflags
// --libs xapian-core) && valgrind --leak-check=full ./leak DIR
// Prints "modified" and exits 0 once it has met the error; valgrind then
// shows the lost cursor under metadata_keys_begin. tests/valgrind/modified.sh
// runs it for `make check-valgrind` and says when Xapian no longer leaks
// here (then fdb_reader_current's check before fdb_files, and the
// suppression of fdb_metadata_keys in tests/lsan.supp, can go).
#include <xapian.h>

#include <cstdio>
#include <string>

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s NEW-DIR\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    Xapian::WritableDatabase w(dir, Xapian::DB_CREATE_OR_OVERWRITE);
    auto write = [&](int round) {
        for (int i = 0; i < 300; i++)
            w.set_metadata("F" + std::to_string(i),
                           std::string(40, char('a' + (i + round) % 26)));
        w.commit();
    };
    write(0);
    Xapian::Database r(dir);
    for (int round = 1; round <= 3; round++)
        write(round);
    try {
        for (auto k = r.metadata_keys_begin("F"); k != r.metadata_keys_end("F"); ++k) {
        }
    } catch (const Xapian::DatabaseModifiedError &) {
        std::puts("modified");
        return 0;
    }
    std::puts("not modified: the reader's revision was not overwritten");
    return 1;
}
