// SPDX-License-Identifier: GPL-2.0-or-later
// Who may use which extended attribute, in /tmp: a name without a known
// namespace is EOPNOTSUPP and "user." alone EINVAL; user.* is for regular
// files and directories only (a symlink's own or a fifo's: EPERM to set,
// ENODATA to get); root may set trusted.* and security.*.  As nobody
// (skipped natively unless run as root): user.* needs read permission to
// get (EACCES) and write permission to set (EACCES), but listing needs
// none; in a sticky directory only its owner sets user.* (EPERM);
// trusted.* is ENODATA to get, EPERM to set and left out of lists;
// security.* is readable but EPERM to set.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <sys/xattr.h>
#include "guest.h"

static int in_list(const char *list, ssize_t len, const char *name)
{
	ssize_t off;

	for (off = 0; off < len; off += strlen(list + off) + 1)
		if (!strcmp(list + off, name))
			return 1;
	return 0;
}

static void as_nobody(const char *dir, const char *file, const char *sticky)
{
	char buf[64], list[1024], path[512];
	ssize_t n;

	CHECK_OK(setgroups(0, NULL));
	CHECK_OK(setgid(65534));
	CHECK_OK(setuid(65534));

	/* mode 0640, owned by root: no access for others */
	CHECK_ERR(getxattr(file, "user.a", buf, sizeof(buf)), EACCES);
	CHECK_ERR(setxattr(file, "user.b", "x", 1, 0), EACCES);
	CHECK_ERR(removexattr(file, "user.a"), EACCES);
	n = CHECK_OK(listxattr(file, list, sizeof(list)));
	CHECK(in_list(list, n, "user.a"), "nobody's list lacks user.a");
	CHECK(!in_list(list, n, "trusted.t"), "nobody sees trusted.t listed");

	CHECK_ERR(getxattr(file, "trusted.t", buf, sizeof(buf)), ENODATA);
	CHECK_ERR(setxattr(file, "trusted.u", "x", 1, 0), EPERM);
	CHECK_ERR(setxattr(file, "security.umk_test", "x", 1, 0), EPERM);

	/* a world-writable sticky directory: nobody may not set user.* */
	CHECK_ERR(setxattr(sticky, "user.s", "x", 1, 0), EPERM);
	/* ... but on a world-writable plain file nobody may */
	snprintf(path, sizeof(path), "%s/open", dir);
	CHECK_OK(setxattr(path, "user.n", "x", 1, 0));
	_exit(0);
}

int main(void)
{
	char dir[] = "/tmp/xattr-perm.XXXXXX";
	char file[512], link[512], fifo[512], sticky[512], open_file[512];
	char buf[64], list[1024];
	int fd, status;
	ssize_t n;
	pid_t pid;

	CHECK(mkdtemp(dir), "mkdtemp %s: %s", dir, strerror(errno));
	CHECK_OK(chmod(dir, 0755));
	snprintf(file, sizeof(file), "%s/file", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	snprintf(sticky, sizeof(sticky), "%s/sticky", dir);
	snprintf(open_file, sizeof(open_file), "%s/open", dir);
	fd = CHECK_OK(open(file, O_CREAT | O_WRONLY, 0640));
	close(fd);
	fd = CHECK_OK(open(open_file, O_CREAT | O_WRONLY, 0666));
	CHECK_OK(fchmod(fd, 0666));	/* whatever the umask */
	close(fd);
	CHECK_OK(symlink("file", link));
	CHECK_OK(mkfifo(fifo, 0666));
	CHECK_OK(mkdir(sticky, 0777));
	CHECK_OK(chmod(sticky, 01777));

	/* names */
	CHECK_ERR(setxattr(file, "foo.bar", "x", 1, 0), EOPNOTSUPP);
	CHECK_ERR(getxattr(file, "foo.bar", buf, sizeof(buf)), EOPNOTSUPP);
	CHECK_ERR(setxattr(file, "nodot", "x", 1, 0), EOPNOTSUPP);
	CHECK_ERR(setxattr(file, "user.", "x", 1, 0), EINVAL);

	/* file types */
	if (setxattr(file, "user.a", "1", 1, 0) < 0 && errno == EOPNOTSUPP) {
		printf("skipped: /tmp keeps no user extended attributes\n");
		goto out;
	}
	CHECK(getxattr(link, "user.a", buf, sizeof(buf)) == 1, "getxattr does not follow the symlink");
	CHECK_ERR(lsetxattr(link, "user.a", "1", 1, 0), EPERM);
	CHECK_ERR(lgetxattr(link, "user.a", buf, sizeof(buf)), ENODATA);
	CHECK_ERR(setxattr(fifo, "user.a", "1", 1, 0), EPERM);
	CHECK_ERR(getxattr(fifo, "user.a", buf, sizeof(buf)), ENODATA);

	if (geteuid() != 0) {
		printf("skipped: root's and nobody's rights (not run as root)\n");
		goto out;
	}

	/* root */
	CHECK_OK(setxattr(file, "trusted.t", "t", 1, 0));
	CHECK(getxattr(file, "trusted.t", buf, sizeof(buf)) == 1, "root cannot read trusted.t");
	n = CHECK_OK(listxattr(file, list, sizeof(list)));
	CHECK(in_list(list, n, "trusted.t") && in_list(list, n, "user.a"), "root's list lacks trusted.t or user.a");
	CHECK_OK(removexattr(file, "trusted.t"));
	CHECK_OK(setxattr(file, "trusted.t", "t", 1, 0));

	pid = CHECK_OK(fork());
	if (pid == 0)
		as_nobody(dir, file, sticky);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && !WEXITSTATUS(status),
	      "the checks as nobody failed: %#x", status);
	CHECK(getxattr(open_file, "user.n", buf, sizeof(buf)) == 1, "nobody's user.n is missing");

out:
	unlink(file);
	unlink(link);
	unlink(fifo);
	unlink(open_file);
	rmdir(sticky);
	CHECK_OK(rmdir(dir));
	return 0;
}
