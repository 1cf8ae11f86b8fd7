// SPDX-License-Identifier: GPL-2.0-or-later
// /proc/self/{stat,statm,status,limits,fdinfo/N,maps,smaps,mountinfo}
// say what the syscalls say: ids, state R for the reader, thread count,
// rlimits, an fd's position and flags, the stack's mapping and its
// resident pages, the root mount.
#include <fcntl.h>
#include <sys/resource.h>
#include "guest.h"

static char buf[1 << 16];

static const char *slurp(const char *path)
{
	int fd = CHECK_OK(open(path, O_RDONLY));
	size_t len = 0;
	long n;

	while ((n = CHECK_OK(read(fd, buf + len, sizeof(buf) - 1 - len))) > 0)
		len += n;
	buf[len] = 0;
	close(fd);
	return buf;
}

/* The value after "\nKEY:" (skipping blanks), as a number. */
static long field(const char *text, const char *key)
{
	char k[64];
	const char *p;

	snprintf(k, sizeof(k), "\n%s:", key);
	p = strstr(text, k);
	CHECK(p, "no %s in\n%s", key, text);
	return strtol(p + strlen(k), NULL, 10);
}

int main(void)
{
	char path[4096], comm[64], state;
	int pid, ppid, pgrp, sid, nthreads, fd;
	struct rlimit rl;
	const char *s;
	long size, resident;

	/* stat: fields 1-7, 20 */
	s = slurp("/proc/self/stat");
	CHECK(sscanf(s, "%d (%63[^)]) %c %d %d %d", &pid, comm, &state, &ppid,
		     &pgrp, &sid) == 6, "stat: %s", s);
	CHECK(pid == getpid() && ppid == getppid(), "stat ids: %s", s);
	CHECK(pgrp == getpgrp() && sid == getsid(0), "stat groups: %s", s);
	CHECK(state == 'R', "stat state %c, want R (the reader runs)", state);
	CHECK(!strncmp(comm, "proc_pid_stat_s", 15), "stat comm %s", comm);
	s = strrchr(s, ')') + 2;
	for (int i = 3; i < 20; i++)
		s = strchr(s, ' ') + 1;
	nthreads = atoi(s);
	CHECK(nthreads == 1, "stat num_threads %d", nthreads);

	/* statm: size >= resident > 0 */
	s = slurp("/proc/self/statm");
	CHECK(sscanf(s, "%ld %ld", &size, &resident) == 2, "statm: %s", s);
	CHECK(size > 0 && resident > 0 && resident <= size, "statm: %s", s);

	/* status */
	s = slurp("/proc/self/status");
	CHECK(field(s, "Pid") == getpid() && field(s, "PPid") == getppid(),
	      "status ids:\n%s", s);
	CHECK(field(s, "Tgid") == getpid() && field(s, "Threads") == 1,
	      "status Tgid/Threads:\n%s", s);
	CHECK(field(s, "Uid") == (long)getuid(), "status Uid:\n%s", s);
	CHECK(field(s, "VmSize") >= field(s, "VmRSS"), "status Vm:\n%s", s);
	CHECK(strstr(s, "\nState:\tR (running)\n"), "status State:\n%s", s);

	/* limits: the open-files line, as getrlimit says */
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	s = slurp("/proc/self/limits");
	CHECK(!strncmp(s, "Limit                     Soft Limit           "
			 "Hard Limit           Units     \n", 79),
	      "limits header:\n%s", s);
	snprintf(path, sizeof(path), "\nMax open files            %-20lu %-20lu "
		 "files     \n", (unsigned long)rl.rlim_cur,
		 (unsigned long)rl.rlim_max);
	CHECK(strstr(s, path), "limits: no line '%s' in\n%s", path + 1, s);

	/* fdinfo: position and flags (O_CLOEXEC shows; the kernel's
	 * O_LARGEFILE, 0100000, too: glibc's is 0 on x86-64) */
	fd = CHECK_OK(open("/proc/self/stat", O_RDONLY | O_CLOEXEC));
	CHECK_OK(read(fd, path, 10));
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	s = slurp(path);
	CHECK(!strncmp(s, "pos:\t10\nflags:\t0", 16), "fdinfo:\n%s", s);
	CHECK((strtol(s + 15, NULL, 8) & ~0100000) == O_CLOEXEC,
	      "fdinfo flags:\n%s", s);
	CHECK(strstr(s, "\nmnt_id:\t") && strstr(s, "\nino:\t"), "fdinfo:\n%s", s);
	close(fd);

	/* maps and smaps: the stack, with resident pages */
	s = slurp("/proc/self/maps");
	CHECK(strstr(s, "[stack]\n"), "maps: no [stack]:\n%s", s);
	s = slurp("/proc/self/smaps");
	s = strstr(s, "[stack]\nSize:");
	CHECK(s, "smaps: no [stack] block");
	CHECK(field(s, "Rss") > 0, "smaps: the stack has no resident pages");
	CHECK(strstr(s, "\nVmFlags: rd wr"), "smaps VmFlags");

	/* mountinfo: the root mount, and /proc itself */
	s = slurp("/proc/self/mountinfo");
	CHECK(strstr(s, " / / "), "mountinfo: no root mount:\n%s", s);
	s = strstr(s, " / /proc ");
	CHECK(s && strstr(s, " - proc ") && strstr(s, " - proc ") < strchr(s, '\n'),
	      "mountinfo: no /proc line:\n%s", buf);
	return 0;
}
