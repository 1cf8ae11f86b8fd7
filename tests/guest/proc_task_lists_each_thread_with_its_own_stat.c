// SPDX-License-Identifier: GPL-2.0-or-later
// /proc/self/task holds one directory per thread; task/TID/stat and
// status name the thread (its tid, state S while it waits), the process
// counts them all, /proc/thread-self is the caller's own and /proc/TID of
// a thread exists though /proc does not list it.
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include "guest.h"

#define NTHREADS 3

static pthread_barrier_t ready;
static int done_fd[2];
static pid_t tids[NTHREADS];

static void *worker(void *arg)
{
	char c;

	tids[(long)arg] = gettid();
	pthread_barrier_wait(&ready);
	CHECK_OK(read(done_fd[0], &c, 1));	/* sleeps until main says */
	return NULL;
}

static void read_file(const char *path, char *buf, size_t len)
{
	int fd = CHECK_OK(open(path, O_RDONLY));
	long n = CHECK_OK(read(fd, buf, len - 1));

	buf[n] = 0;
	close(fd);
}

int main(void)
{
	pthread_t th[NTHREADS];
	char path[256], buf[4096], state;
	struct dirent *de;
	int n = 0, id, i;
	DIR *d;

	CHECK_OK(pipe(done_fd));
	pthread_barrier_init(&ready, NULL, NTHREADS + 1);
	for (i = 0; i < NTHREADS; i++)
		CHECK(!pthread_create(&th[i], NULL, worker, (void *)(long)i),
		      "pthread_create");
	pthread_barrier_wait(&ready);

	d = opendir("/proc/self/task");
	CHECK(d, "opendir /proc/self/task: %s", strerror(errno));
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	CHECK(n == NTHREADS + 1, "/proc/self/task has %d entries", n);

	for (i = 0; i < NTHREADS; i++) {
		/* a thread blocked in read: S, sooner or later */
		for (int tries = 0; tries < 200; tries++) {
			snprintf(path, sizeof(path), "/proc/self/task/%d/stat",
				 tids[i]);
			read_file(path, buf, sizeof(buf));
			CHECK(sscanf(buf, "%d (%*[^)]) %c", &id, &state) == 2,
			      "%s: %s", path, buf);
			if (state == 'S')
				break;
			usleep(10000);
		}
		CHECK(id == tids[i], "%s names %d", path, id);
		CHECK(state == 'S', "%s: state %c, want S", path, state);
		snprintf(path, sizeof(path), "/proc/self/task/%d/status", tids[i]);
		read_file(path, buf, sizeof(buf));
		snprintf(path, sizeof(path), "\nPid:\t%d\n", tids[i]);
		CHECK(strstr(buf, path), "task status: no '%s'", path + 1);
		snprintf(path, sizeof(path), "\nTgid:\t%d\n", getpid());
		CHECK(strstr(buf, path), "task status: no '%s'", path + 1);
		/* /proc/TID */
		snprintf(path, sizeof(path), "/proc/%d/stat", tids[i]);
		read_file(path, buf, sizeof(buf));
		CHECK(atoi(buf) == tids[i], "/proc/TID/stat: %s", buf);
	}

	read_file("/proc/self/status", buf, sizeof(buf));
	snprintf(path, sizeof(path), "\nThreads:\t%d\n", NTHREADS + 1);
	CHECK(strstr(buf, path), "status: no '%s'", path + 1);

	n = CHECK_OK(readlink("/proc/thread-self", buf, sizeof(buf) - 1));
	buf[n] = 0;
	snprintf(path, sizeof(path), "%d/task/%d", getpid(), gettid());
	CHECK(!strcmp(buf, path), "/proc/thread-self -> %s, want %s", buf, path);

	CHECK_OK(write(done_fd[1], "xxx", NTHREADS));
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	return 0;
}
