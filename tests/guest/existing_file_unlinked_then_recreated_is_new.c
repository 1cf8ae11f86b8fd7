// SPDX-License-Identifier: GPL-2.0-or-later
// unlink of a file that existed before (a lower file, under --overlay)
// makes it gone for stat, open and the listing; a file created anew under
// the same name has only its own data; unlinked again it is gone again.
#include "tree.h"

static bool listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	CHECK(d, "opendir %s: %s", dir, strerror(errno));
	while ((de = readdir(d)))
		if (!strcmp(de->d_name, name))
			found = true;
	closedir(d);
	return found;
}

static void tree_setup(const char *dir)
{
	write_file(P(dir, "f"), "old data\n");
}

static void tree_check(const char *dir)
{
	struct stat st;

	CHECK_OK(unlink(P(dir, "f")));
	CHECK_ERR(stat(P(dir, "f"), &st), ENOENT);
	CHECK_ERR(open(P(dir, "f"), O_RDONLY), ENOENT);
	CHECK_ERR(unlink(P(dir, "f")), ENOENT);
	CHECK(!listed(dir, "f"), "an unlinked file is listed");
	write_file(P(dir, "f"), "new\n");
	CHECK(!strcmp(read_file(P(dir, "f")), "new\n"), "f has '%s'",
	      read_file(P(dir, "f")));
	CHECK_OK(stat(P(dir, "f"), &st));
	CHECK(st.st_size == 4, "size %ld", (long)st.st_size);
	CHECK(listed(dir, "f"), "the new file is not listed");
	CHECK_OK(unlink(P(dir, "f")));
	CHECK_ERR(stat(P(dir, "f"), &st), ENOENT);
	CHECK(!listed(dir, "f"), "an unlinked file is listed");
}
