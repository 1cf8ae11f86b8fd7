// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk's Linux ABI structs (src/kernel/abi/types.h) against the host's uapi
 * headers: same size, same offsets.  A guest struct must look exactly like
 * the kernel's, never like glibc's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <asm/sigcontext.h>
#include <asm/siginfo.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/eventpoll.h>
#include <linux/openat2.h>
#include <linux/poll.h>
#include <linux/resource.h>
#include <linux/stat.h>
#include <linux/signalfd.h>
#include <linux/sysinfo.h>
#include <linux/time_types.h>
#include <linux/utsname.h>

#include "abi/types.h"
#include "abi/elf.h"

#define SAME_SIZE(ours, theirs) assert_int_equal(sizeof(ours), sizeof(theirs))
#define SAME_OFF(ours, theirs, fo, ft) \
	assert_int_equal(offsetof(ours, fo), offsetof(theirs, ft))

static void stat__matches_the_kernel_struct_stat(void **state)
{
	SAME_SIZE(struct linux_stat, struct stat);
	SAME_OFF(struct linux_stat, struct stat, st_mode, st_mode);
	SAME_OFF(struct linux_stat, struct stat, st_uid, st_uid);
	SAME_OFF(struct linux_stat, struct stat, st_rdev, st_rdev);
	SAME_OFF(struct linux_stat, struct stat, st_size, st_size);
	SAME_OFF(struct linux_stat, struct stat, st_blocks, st_blocks);
	SAME_OFF(struct linux_stat, struct stat, st_atim, st_atime);
	SAME_OFF(struct linux_stat, struct stat, st_mtim, st_mtime);
	SAME_OFF(struct linux_stat, struct stat, st_ctim, st_ctime);
}

static void statx__matches_uapi(void **state)
{
	SAME_SIZE(struct linux_statx, struct statx);
	SAME_OFF(struct linux_statx, struct statx, stx_mode, stx_mode);
	SAME_OFF(struct linux_statx, struct statx, stx_ino, stx_ino);
	SAME_OFF(struct linux_statx, struct statx, stx_atime, stx_atime);
	SAME_OFF(struct linux_statx, struct statx, stx_mtime, stx_mtime);
	SAME_OFF(struct linux_statx, struct statx, stx_rdev_major, stx_rdev_major);
	SAME_OFF(struct linux_statx, struct statx, stx_mnt_id, stx_mnt_id);
}

static void statfs_termios_winsize__match_uapi(void **state)
{
	SAME_SIZE(struct linux_statfs, struct statfs);
	SAME_OFF(struct linux_statfs, struct statfs, f_fsid, f_fsid);
	SAME_OFF(struct linux_statfs, struct statfs, f_flags, f_flags);
	SAME_SIZE(struct linux_termios, struct termios);
	SAME_OFF(struct linux_termios, struct termios, c_cc, c_cc);
	SAME_SIZE(struct linux_winsize, struct winsize);
}

static void misc_structs__match_uapi(void **state)
{
	SAME_SIZE(struct linux_open_how, struct open_how);
	SAME_SIZE(struct linux_rlimit, struct rlimit64);
	SAME_SIZE(struct linux_sysinfo, struct sysinfo);
	SAME_OFF(struct linux_sysinfo, struct sysinfo, procs, procs);
	SAME_OFF(struct linux_sysinfo, struct sysinfo, mem_unit, mem_unit);
	SAME_SIZE(struct linux_utsname, struct new_utsname);
	assert_int_equal(offsetof(struct linux_dirent64, d_name), 19);	/* no uapi header */
	assert_int_equal(sizeof(struct elf64_ehdr), 64);
	assert_int_equal(sizeof(struct elf64_phdr), 56);
	assert_int_equal(sizeof(struct linux_sigaction), 32);
	assert_int_equal(sizeof(struct linux_stack), 24);
	assert_int_equal(sizeof(struct linux_flock), 32);
	assert_int_equal(sizeof(struct linux_rusage), 144);
}

static void signal_structs__match_uapi(void **state)
{
	SAME_SIZE(struct linux_siginfo, siginfo_t);
	SAME_OFF(struct linux_siginfo, siginfo_t, si_code, si_code);
	assert_int_equal(offsetof(struct linux_siginfo, kill.pid), offsetof(siginfo_t, si_pid));
	assert_int_equal(offsetof(struct linux_siginfo, kill.value), offsetof(siginfo_t, si_value));
	assert_int_equal(offsetof(struct linux_siginfo, chld.status), offsetof(siginfo_t, si_status));
	assert_int_equal(offsetof(struct linux_siginfo, chld.utime), offsetof(siginfo_t, si_utime));
	assert_int_equal(offsetof(struct linux_siginfo, fault.addr), offsetof(siginfo_t, si_addr));
	assert_int_equal(offsetof(struct linux_siginfo, timer.overrun), offsetof(siginfo_t, si_overrun));
	assert_int_equal(offsetof(struct linux_siginfo, sys.syscall), offsetof(siginfo_t, si_syscall));
	SAME_SIZE(struct linux_sigcontext, struct sigcontext);
	SAME_OFF(struct linux_sigcontext, struct sigcontext, rip, rip);
	SAME_OFF(struct linux_sigcontext, struct sigcontext, cs, cs);
	SAME_OFF(struct linux_sigcontext, struct sigcontext, cr2, cr2);
	SAME_OFF(struct linux_sigcontext, struct sigcontext, fpstate, fpstate);
	assert_int_equal(sizeof(struct linux_ucontext), 304);
	assert_int_equal(offsetof(struct linux_rt_sigframe, info), 312);
}

static void poll_and_timer_structs__match_uapi(void **state)
{
	SAME_SIZE(struct linux_pollfd, struct pollfd);
	SAME_OFF(struct linux_pollfd, struct pollfd, revents, revents);
	SAME_SIZE(struct linux_epoll_event, struct epoll_event);
	SAME_OFF(struct linux_epoll_event, struct epoll_event, data, data);
	SAME_SIZE(struct linux_signalfd_siginfo, struct signalfd_siginfo);
	SAME_OFF(struct linux_signalfd_siginfo, struct signalfd_siginfo, ssi_ptr, ssi_ptr);
	SAME_OFF(struct linux_signalfd_siginfo, struct signalfd_siginfo, ssi_addr, ssi_addr);
	SAME_OFF(struct linux_signalfd_siginfo, struct signalfd_siginfo, ssi_addr_lsb,
		 ssi_addr_lsb);
	SAME_OFF(struct linux_signalfd_siginfo, struct signalfd_siginfo, ssi_syscall,
		 ssi_syscall);
	SAME_OFF(struct linux_signalfd_siginfo, struct signalfd_siginfo, ssi_call_addr,
		 ssi_call_addr);
	SAME_OFF(struct linux_signalfd_siginfo, struct signalfd_siginfo, ssi_arch, ssi_arch);
	SAME_SIZE(struct linux_itimerspec, struct __kernel_itimerspec);
	SAME_OFF(struct linux_itimerspec, struct __kernel_itimerspec, it_value, it_value);
	SAME_SIZE(struct linux_itimerval, struct __kernel_old_itimerval);
	SAME_OFF(struct linux_itimerval, struct __kernel_old_itimerval, it_value, it_value);
	SAME_SIZE(struct linux_sigevent, sigevent_t);
	SAME_OFF(struct linux_sigevent, sigevent_t, sigev_signo, sigev_signo);
	SAME_OFF(struct linux_sigevent, sigevent_t, sigev_notify, sigev_notify);
	SAME_OFF(struct linux_sigevent, sigevent_t, tid, _sigev_un._tid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stat__matches_the_kernel_struct_stat),
		cmocka_unit_test(statx__matches_uapi),
		cmocka_unit_test(statfs_termios_winsize__match_uapi),
		cmocka_unit_test(misc_structs__match_uapi),
		cmocka_unit_test(signal_structs__match_uapi),
		cmocka_unit_test(poll_and_timer_structs__match_uapi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
