// SPDX-License-Identifier: GPL-2.0-or-later
// inotify's errors: inotify_init1 with an unknown flag is EINVAL;
// inotify_add_watch and inotify_rm_watch on a bad fd are EBADF, on an fd
// that is no inotify instance EINVAL; a mask without any event bit, or
// with both IN_MASK_ADD and IN_MASK_CREATE, is EINVAL; a missing path
// ENOENT, a path through a file ENOTDIR, IN_ONLYDIR on a file ENOTDIR,
// IN_MASK_CREATE on a watched inode EEXIST, a bad path pointer EFAULT;
// an unknown wd is EINVAL; an inotify fd is read-only (write: EBADF); a
// file the caller may not read is EACCES (tried when running as root,
// from a child that becomes uid 65534).
#include <sys/wait.h>
#include "inotify_events.h"

static void check_eacces(const char *f)
{
	int status;
	pid_t pid;

	if (geteuid() != 0) {
		printf("not root: EACCES is not tried\n");
		return;
	}
	CHECK_OK(chmod(guest_tmpdir(), 0755));
	CHECK_OK(chmod(f, 0600));
	pid = CHECK_OK(fork());
	if (!pid) {
		int in;

		CHECK_OK(setgid(65534));
		CHECK_OK(setuid(65534));
		in = CHECK_OK(inotify_init1(0));
		CHECK_ERR(inotify_add_watch(in, f, IN_MODIFY), EACCES);
		CHECK_OK(inotify_add_watch(in, guest_tmpdir(), IN_MODIFY));
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "child status %#x", status);
}

int main(void)
{
	char f[512], through[600];
	int in, p[2], w;

	guest_path(f, sizeof(f), "file");
	snprintf(through, sizeof(through), "%s/x", f);
	CHECK_OK(close(CHECK_OK(open(f, O_CREAT | O_WRONLY, 0644))));
	CHECK_OK(pipe(p));

	CHECK_ERR(inotify_init1(0x1), EINVAL);
	CHECK_ERR(inotify_init1(IN_NONBLOCK | O_RDWR), EINVAL);
	in = CHECK_OK(inotify_init1(0));

	CHECK_ERR(inotify_add_watch(-1, f, IN_MODIFY), EBADF);
	CHECK_ERR(inotify_add_watch(1000, f, IN_MODIFY), EBADF);
	CHECK_ERR(inotify_add_watch(p[0], f, IN_MODIFY), EINVAL);
	CHECK_ERR(inotify_add_watch(in, f, 0), EINVAL);
	CHECK_ERR(inotify_add_watch(in, f, IN_MODIFY | IN_MASK_ADD | IN_MASK_CREATE),
		  EINVAL);
	CHECK_ERR(inotify_add_watch(in, "/nonexistent/inotify", IN_MODIFY), ENOENT);
	CHECK_ERR(inotify_add_watch(in, "", IN_MODIFY), ENOENT);
	CHECK_ERR(inotify_add_watch(in, through, IN_MODIFY), ENOTDIR);
	CHECK_ERR(inotify_add_watch(in, f, IN_MODIFY | IN_ONLYDIR), ENOTDIR);
	CHECK_ERR(inotify_add_watch(in, wild(16), IN_MODIFY), EFAULT);
	w = CHECK_OK(inotify_add_watch(in, f, IN_MODIFY | IN_MASK_CREATE));
	CHECK_ERR(inotify_add_watch(in, f, IN_ATTRIB | IN_MASK_CREATE), EEXIST);

	CHECK_ERR(inotify_rm_watch(-1, w), EBADF);
	CHECK_ERR(inotify_rm_watch(p[0], w), EINVAL);
	CHECK_ERR(inotify_rm_watch(in, w + 1), EINVAL);
	CHECK_ERR(inotify_rm_watch(in, -1), EINVAL);
	CHECK((CHECK_OK(fcntl(in, F_GETFL)) & O_ACCMODE) == O_RDONLY,
	      "inotify fd not O_RDONLY");
	CHECK_ERR(write(in, "x", 1), EBADF);
	CHECK_OK(inotify_rm_watch(in, w));
	CHECK_ERR(inotify_rm_watch(in, w), EINVAL);

	CHECK_OK(close(in));
	CHECK_ERR(inotify_add_watch(in, f, IN_MODIFY), EBADF);
	check_eacces(f);
	CHECK_OK(unlink(f));
	return 0;
}
