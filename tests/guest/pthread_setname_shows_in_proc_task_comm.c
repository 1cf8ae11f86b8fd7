// SPDX-License-Identifier: GPL-2.0-or-later
// A thread's name is its own: pthread_setname_np on itself (prctl) and on
// another thread (a write to /proc/self/task/TID/comm) shows in that
// thread's comm, stat and status, and pthread_getname_np reads it back;
// the process keeps its name in /proc/self/comm.
#include <fcntl.h>
#include <pthread.h>
#include "guest.h"

static pthread_barrier_t named, checked;
static pid_t tid;

static void *worker(void *arg __attribute__((unused)))
{
	tid = gettid();
	CHECK(!pthread_setname_np(pthread_self(), "worker-self"), "setname self");
	pthread_barrier_wait(&named);
	pthread_barrier_wait(&checked);
	return NULL;
}

static const char *read_file(const char *path)
{
	static char buf[4096];
	int fd = CHECK_OK(open(path, O_RDONLY));
	long n = CHECK_OK(read(fd, buf, sizeof(buf) - 1));

	buf[n] = 0;
	close(fd);
	return buf;
}

int main(void)
{
	char path[128], name[16], main_comm[32];
	pthread_t th;

	snprintf(main_comm, sizeof(main_comm), "%s", read_file("/proc/self/comm"));
	pthread_barrier_init(&named, NULL, 2);
	pthread_barrier_init(&checked, NULL, 2);
	CHECK(!pthread_create(&th, NULL, worker, NULL), "pthread_create");
	pthread_barrier_wait(&named);

	snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tid);
	CHECK(!strcmp(read_file(path), "worker-self\n"), "%s: %s", path,
	      read_file(path));
	CHECK(!pthread_getname_np(th, name, sizeof(name)), "getname");
	CHECK(!strcmp(name, "worker-self"), "getname: %s", name);

	CHECK(!pthread_setname_np(th, "renamed"), "setname of another thread");
	CHECK(!strcmp(read_file(path), "renamed\n"), "%s: %s", path,
	      read_file(path));
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	CHECK(strstr(read_file(path), " (renamed) "), "stat: %s", read_file(path));
	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	CHECK(!strncmp(read_file(path), "Name:\trenamed\n", 14), "status");
	CHECK(!strcmp(read_file("/proc/self/comm"), main_comm),
	      "the process's name changed: %s", read_file("/proc/self/comm"));

	pthread_barrier_wait(&checked);
	pthread_join(th, NULL);
	return 0;
}
