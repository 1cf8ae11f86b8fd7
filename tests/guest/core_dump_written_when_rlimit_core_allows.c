// SPDX-License-Identifier: GPL-2.0-or-later
// A process killed by SIGSEGV or SIGABRT (default action "core") with
// RLIMIT_CORE unlimited leaves an ELF core file "core" in its working
// directory and its wait status has WCOREDUMP; the core is ET_CORE and its
// NT_PRSTATUS note names the signal and the pid.  With RLIMIT_CORE 0 there
// is neither.  (Natively this holds where core_pattern is "core", Linux's
// default, and the hard limit allows cores; elsewhere only the RLIMIT_CORE
// 0 half is checked.)
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest.h"

static int die_with(int sig, rlim_t limit)
{
	int status;
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct rlimit rl;

		if (getrlimit(RLIMIT_CORE, &rl))
			_exit(90);
		rl.rlim_cur = limit < rl.rlim_max ? limit : rl.rlim_max;
		if (setrlimit(RLIMIT_CORE, &rl))
			_exit(90);
		if (sig == SIGSEGV) {
			int *volatile bad = NULL;

			*bad = 1;
		}
		raise(sig);
		_exit(91);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sig, "status %#x", status);
	return status | (pid << 16);	/* pid in the high bits for the caller */
}

/* The core's NT_PRSTATUS: si_signo at 0, pid at 32 (x86-64 layout). */
static void check_core(int sig, int pid)
{
	int fd = open("core", O_RDONLY);
	Elf64_Ehdr eh;
	Elf64_Phdr ph;

	CHECK(fd >= 0, "no core file: %s", strerror(errno));
	CHECK(pread(fd, &eh, sizeof(eh), 0) == sizeof(eh), "short core");
	CHECK(!memcmp(eh.e_ident, ELFMAG, SELFMAG) && eh.e_type == ET_CORE &&
	      eh.e_machine == EM_X86_64, "not an x86-64 ELF core");
	for (int i = 0; i < eh.e_phnum; i++) {
		CHECK(pread(fd, &ph, sizeof(ph), eh.e_phoff + i * sizeof(ph)) == sizeof(ph),
		      "short program header");
		if (ph.p_type != PT_NOTE)
			continue;
		char *notes = malloc(ph.p_filesz);

		CHECK(notes && pread(fd, notes, ph.p_filesz, ph.p_offset) == (ssize_t)ph.p_filesz,
		      "short notes");
		for (size_t off = 0; off + 12 <= ph.p_filesz;) {
			Elf64_Nhdr *n = (Elf64_Nhdr *)(notes + off);
			char *desc = notes + off + 12 + ((n->n_namesz + 3) & ~3u);

			if (n->n_type == NT_PRSTATUS) {
				int signo, npid;

				memcpy(&signo, desc, 4);
				memcpy(&npid, desc + 32, 4);
				CHECK(signo == sig, "NT_PRSTATUS signal %d, want %d", signo, sig);
				CHECK(npid == pid, "NT_PRSTATUS pid %d, want %d", npid, pid);
				free(notes);
				close(fd);
				return;
			}
			off += 12 + ((n->n_namesz + 3) & ~3u) + ((n->n_descsz + 3) & ~3u);
		}
		FAIL("no NT_PRSTATUS note");
	}
	FAIL("no PT_NOTE segment");
}

int main(void)
{
	char dir[] = "/tmp/coretestXXXXXX";
	char pattern[64] = "";
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);

	if (fd >= 0) {
		ssize_t n = read(fd, pattern, sizeof(pattern) - 1);

		pattern[n > 0 ? n : 0] = 0;
		close(fd);
	}
	CHECK(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	CHECK_OK(chdir(dir));

	int st = die_with(SIGABRT, 0);

	CHECK(!WCOREDUMP(st & 0xffff), "WCOREDUMP with RLIMIT_CORE 0");
	CHECK(access("core", F_OK) != 0, "a core file with RLIMIT_CORE 0");

	struct rlimit rl;

	CHECK_OK(getrlimit(RLIMIT_CORE, &rl));
	if (!strcmp(pattern, "core\n") && rl.rlim_max == RLIM_INFINITY) {
		int sigs[] = { SIGSEGV, SIGABRT };

		for (int i = 0; i < 2; i++) {
			st = die_with(sigs[i], RLIM_INFINITY);
			CHECK(WCOREDUMP(st & 0xffff), "signal %d: no WCOREDUMP", sigs[i]);
			check_core(sigs[i], (unsigned)st >> 16);
			CHECK_OK(unlink("core"));
		}
	}
	CHECK_OK(chdir("/"));
	CHECK_OK(rmdir(dir));
	return 0;
}
