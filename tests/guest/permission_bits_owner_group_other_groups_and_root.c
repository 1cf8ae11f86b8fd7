// SPDX-License-Identifier: GPL-2.0-or-later
// Permission checks, in /tmp: the owner's bits apply to the owner even when
// the group's or others' would allow more; the group's bits to the primary
// and to supplementary groups; others' bits to everyone else.  Root reads
// and writes any file and searches any directory, but may execute only a
// file with some x bit.  A directory without search permission hides its
// names (EACCES from stat, open, and creating in it), one with search but
// no read permission cannot be listed, one without write permission refuses
// new names.  access() answers the same.  Children change their ids with
// setgroups/setgid/setuid, so this part runs as root only; natively as a
// user that is not root only the checks on the user's own files run.
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest.h"

static char top[64];

/* "top/name" (guest.h) */
#define at(name) guest_at(top, name)

static void make_file(const char *name, uid_t uid, gid_t gid, mode_t mode)
{
	int fd = CHECK_OK(open(at(name), O_CREAT | O_EXCL | O_WRONLY, 0600));

	CHECK(write(fd, "#!/bin/sh\nexit 0\n", 17) == 17, "write: %s",
	      strerror(errno));
	CHECK_OK(close(fd));
	if (uid != (uid_t)-1)
		CHECK_OK(chown(at(name), uid, gid));
	CHECK_OK(chmod(at(name), mode));
}

static void make_dir(const char *name, uid_t uid, gid_t gid, mode_t mode)
{
	CHECK_OK(mkdir(at(name), 0700));
	if (uid != (uid_t)-1)
		CHECK_OK(chown(at(name), uid, gid));
	CHECK_OK(chmod(at(name), mode));
}

/* open(name, flags) must give want (0 or an errno); so must access(). */
static void may(const char *name, int flags, int want)
{
	int fd = open(at(name), flags);
	int amode = (flags & O_ACCMODE) == O_RDONLY ? R_OK :
		    (flags & O_ACCMODE) == O_WRONLY ? W_OK : R_OK | W_OK;

	if (want) {
		CHECK(fd < 0 && errno == want,
		      "uid %d: open %s (%#o): %s, want %s", (int)geteuid(),
		      name, flags, fd < 0 ? strerror(errno) : "success",
		      strerror(want));
		CHECK_ERR(access(at(name), amode), want);
	} else {
		CHECK(fd >= 0, "uid %d: open %s (%#o): %s", (int)geteuid(),
		      name, flags, strerror(errno));
		CHECK_OK(close(fd));
		CHECK_OK(access(at(name), amode));
	}
}

/* Run fn in a child with the given ids; it must exit 0. */
/* "classes" is owned by 1000:2000, mode 0460: owner r, group rw, other -. */
static void owner(void)
{
	may("classes", O_RDONLY, 0);
	may("classes", O_WRONLY, EACCES);	/* though its group may */
	may("classes", O_RDWR, EACCES);
}

static void group(void)
{
	may("classes", O_RDONLY, 0);
	may("classes", O_RDWR, 0);
}

static void other(void)
{
	may("classes", O_RDONLY, EACCES);
	may("classes", O_WRONLY, EACCES);
	/* a file of others' with rw for others */
	may("open", O_RDWR, 0);
}

static void not_searchable(void)
{
	struct stat st;
	int fd;

	/* "hidden" is 0700 root's; "listless" 0711; "closed" 0555 */
	CHECK_ERR(stat(at("hidden/f"), &st), EACCES);
	CHECK_ERR(open(at("hidden/f"), O_RDONLY), EACCES);
	CHECK_ERR(open(at("hidden/new"), O_CREAT | O_WRONLY, 0644), EACCES);
	CHECK_ERR(mkdir(at("hidden/newdir"), 0755), EACCES);
	CHECK_ERR(access(at("hidden/f"), F_OK), EACCES);
	CHECK_ERR(chdir(at("hidden")), EACCES);
	CHECK_OK(stat(at("hidden"), &st));
	CHECK_ERR(open(at("hidden"), O_RDONLY | O_DIRECTORY), EACCES);

	fd = CHECK_OK(open(at("listless/f"), O_RDONLY));
	CHECK_OK(close(fd));
	CHECK_ERR(open(at("listless"), O_RDONLY | O_DIRECTORY), EACCES);
	CHECK_OK(chdir(at("listless")));
	CHECK_OK(chdir("/"));

	fd = CHECK_OK(open(at("closed/f"), O_RDWR));
	CHECK_OK(close(fd));
	CHECK_ERR(open(at("closed/new"), O_CREAT | O_WRONLY, 0644), EACCES);
	CHECK_ERR(mkdir(at("closed/newdir"), 0755), EACCES);
	CHECK_ERR(unlink(at("closed/f")), EACCES);
	CHECK_ERR(rename(at("closed/f"), at("closed/g")), EACCES);
	CHECK_ERR(symlink("x", at("closed/l")), EACCES);
	/* creating an existing name without O_EXCL needs no write permission */
	fd = CHECK_OK(open(at("closed/f"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
}

static void root_bypass(void)
{
	char *argv[] = { "noexec", NULL }, *envp[] = { NULL };
	struct stat st;
	int fd;

	/* read and write whatever the bits */
	may("nobits", O_RDWR, 0);
	may("classes", O_RDWR, 0);
	CHECK_OK(stat(at("hidden/f"), &st));
	fd = CHECK_OK(open(at("closed/new"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(unlink(at("closed/new")));
	/* execute: only with an x bit somewhere */
	CHECK_ERR(access(at("nobits"), X_OK), EACCES);
	CHECK_ERR(access(at("noexec"), X_OK), EACCES);
	CHECK_ERR(execve(at("noexec"), argv, envp), EACCES);
	CHECK_OK(access(at("otherexec"), X_OK));
	/* a directory needs no x bit for root to search it */
	CHECK_OK(access(at("hidden"), X_OK));
}

/* What a user that is not root can check on its own files. */
static void own_files(void)
{
	struct stat st;
	int fd;

	make_file("mine", -1, -1, 0200);
	may("mine", O_WRONLY, 0);
	CHECK_ERR(access(at("mine"), X_OK), EACCES);
	CHECK_OK(chmod(at("mine"), 0000));
	make_dir("mydir", -1, -1, 0600);	/* no search */
	fd = CHECK_OK(open(at("mydir"), O_RDONLY | O_DIRECTORY));
	CHECK_OK(close(fd));
	if (geteuid() != 0) {
		may("mine", O_RDONLY, EACCES);	/* root bypasses these */
		may("mine", O_WRONLY, EACCES);
		CHECK_ERR(stat(at("mydir/x"), &st), EACCES);
		CHECK_ERR(mkdir(at("mydir/x"), 0755), EACCES);
	}
	CHECK_OK(unlink(at("mine")));
	CHECK_OK(rmdir(at("mydir")));
}

static void remove_all(void)
{
	static const char *const files[] = {
		"hidden/f", "listless/f", "closed/f", "classes", "open",
		"nobits", "noexec", "otherexec",
	};
	static const char *const dirs[] = { "hidden", "listless", "closed" };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(at(files[i]));
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		rmdir(at(dirs[i]));
}

int main(void)
{
	static const gid_t g2000[] = { 2000 };

	snprintf(top, sizeof(top), "%s", guest_tmpdir());
	own_files();
	if (geteuid() != 0) {
		fprintf(stderr, "not root: skipped the checks with other "
				"users' ids and root's bypass\n");
		return 0;
	}
	atexit(remove_all);
	CHECK_OK(chmod(top, 0755));
	make_file("classes", 1000, 2000, 0460);
	make_file("open", 1000, 2000, 0006);
	make_file("nobits", 1000, 2000, 0000);
	make_file("noexec", 0, 0, 0644);
	make_file("otherexec", 0, 0, 0601);
	make_dir("hidden", 0, 0, 0700);
	make_file("hidden/f", 0, 0, 0666);
	make_dir("listless", 0, 0, 0711);
	make_file("listless/f", 0, 0, 0666);
	make_dir("closed", 0, 0, 0555);
	make_file("closed/f", 0, 0, 0666);

	guest_as(1000, 2000, 0, NULL, owner);
	guest_as(1000, 3000, 1, g2000, owner);
	guest_as(1001, 2000, 0, NULL, group);
	guest_as(1001, 3000, 1, g2000, group);	/* a supplementary group */
	guest_as(1001, 3000, 0, NULL, other);
	guest_as(1001, 3000, 0, NULL, not_searchable);
	root_bypass();
	return 0;
}
