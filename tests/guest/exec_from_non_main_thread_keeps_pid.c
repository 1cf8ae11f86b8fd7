// SPDX-License-Identifier: GPL-2.0-or-later
// execve from a thread other than the main one: the other threads (one
// blocked in read, one spinning) die, the new image runs with the
// process's pid (gettid() == getpid()), one thread (/proc/self/status
// "Threads: 1", one entry in /proc/self/task where umk has it), the same
// parent, and its exit status is the process's.  The test re-executes
// itself as "ARGV0 after-exec PID PPID".
#include <dirent.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "guest.h"

static char **args;
static int fds[2];

static void *blocked(void *arg __attribute__((unused)))
{
	char c;

	(void)!read(fds[0], &c, 1);
	return NULL;
}

static void *spinning(void *arg __attribute__((unused)))
{
	for (;;)
		__asm__ volatile("" ::: "memory");
	return NULL;
}

static void *execer(void *arg __attribute__((unused)))
{
	char pid[16], ppid[16];

	snprintf(pid, sizeof(pid), "%d", getpid());
	snprintf(ppid, sizeof(ppid), "%d", getppid());
	execl(args[0], args[0], "after-exec", pid, ppid, (char *)NULL);
	FAIL("execl %s: %s", args[0], strerror(errno));
}

static int after_exec(pid_t pid, pid_t ppid)
{
	char line[256];
	int threads = -1, tasks = 0;
	FILE *f;
	DIR *d;
	struct dirent *e;

	CHECK(getpid() == pid, "pid %d after exec, want %d", getpid(), pid);
	CHECK(syscall(SYS_gettid) == pid, "tid %ld after exec, want the pid %d",
	      syscall(SYS_gettid), pid);
	CHECK(getppid() == ppid, "ppid %d after exec, want %d", getppid(), ppid);
	f = fopen("/proc/self/status", "r");
	CHECK(f, "/proc/self/status: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		sscanf(line, "Threads: %d", &threads);
	fclose(f);
	CHECK(threads == 1, "/proc/self/status says Threads: %d, want 1", threads);
	/* /proc/PID/task is not among the files issue 3 asks of umk's procfs:
	 * checked where it exists. */
	d = opendir("/proc/self/task");
	CHECK(d || errno == ENOENT, "/proc/self/task: %s", strerror(errno));
	if (d) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				tasks++;
		closedir(d);
		CHECK(tasks == 1, "/proc/self/task has %d entries, want 1", tasks);
	}
	return 17;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc == 4 && !strcmp(argv[1], "after-exec"))
		return after_exec(atoi(argv[2]), atoi(argv[3]));
	if (argc != 1)
		FAIL("usage: %s", argv[0]);

	/* Run the whole thing in a child, to see the exit status it ends with. */
	pid_t child = CHECK_OK(fork());
	if (child == 0) {
		args = argv;
		CHECK_OK(pipe(fds));
		CHECK(pthread_create(&t, NULL, blocked, NULL) == 0, "create");
		CHECK(pthread_create(&t, NULL, spinning, NULL) == 0, "create");
		CHECK(pthread_create(&t, NULL, execer, NULL) == 0, "create");
		for (;;)
			pause();
	}
	int status;
	CHECK(waitpid(child, &status, 0) == child, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 17,
	      "the process that exec'd from a thread ended with status %#x, want exit 17 "
	      "(1: a check after exec failed, see above)", status);
	return 0;
}
