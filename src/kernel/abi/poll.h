/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Linux ABI constants of waiting and time (x86-64): poll, select, epoll,
 * eventfd, timerfd, signalfd, interval and POSIX timers, priorities.  The
 * structures are in abi/types.h (tests/unit/poll_test.c compares them
 * with the host's headers).
 */
#ifndef UMK_ABI_POLL_H
#define UMK_ABI_POLL_H

#include "abi/types.h"

/* ---- poll(2) events ---- */
#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200
#define POLLMSG		0x0400
#define POLLRDHUP	0x2000

/* ---- select(2) ---- */
#define FD_SETSIZE	1024

/* ---- epoll ---- */
#define EPOLLIN		POLLIN
#define EPOLLPRI	POLLPRI
#define EPOLLOUT	POLLOUT
#define EPOLLERR	POLLERR
#define EPOLLHUP	POLLHUP
#define EPOLLRDNORM	POLLRDNORM
#define EPOLLRDBAND	POLLRDBAND
#define EPOLLWRNORM	POLLWRNORM
#define EPOLLWRBAND	POLLWRBAND
#define EPOLLMSG	POLLMSG
#define EPOLLRDHUP	POLLRDHUP
#define EPOLLEXCLUSIVE	(1u << 28)
#define EPOLLWAKEUP	(1u << 29)
#define EPOLLONESHOT	(1u << 30)
#define EPOLLET		(1u << 31)

#define EPOLL_CTL_ADD	1
#define EPOLL_CTL_DEL	2
#define EPOLL_CTL_MOD	3
#define EPOLL_CLOEXEC	02000000

/* ---- eventfd, timerfd, signalfd flags (O_CLOEXEC, O_NONBLOCK values) ---- */
#define EFD_SEMAPHORE	1
#define EFD_CLOEXEC	02000000
#define EFD_NONBLOCK	00004000
#define TFD_CLOEXEC	02000000
#define TFD_NONBLOCK	00004000
#define TFD_TIMER_ABSTIME	1
#define TFD_TIMER_CANCEL_ON_SET	2
#define SFD_CLOEXEC	02000000
#define SFD_NONBLOCK	00004000

/* ---- timers ---- */

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

#define SIGEV_SIGNAL	0
#define SIGEV_NONE	1
#define SIGEV_THREAD	2
#define SIGEV_THREAD_ID	4

/* ---- fcntl on pipes ---- */
#define F_SETPIPE_SZ	1031
#define F_GETPIPE_SZ	1032

/* ---- getpriority/setpriority ---- */
#define PRIO_PROCESS	0
#define PRIO_PGRP	1
#define PRIO_USER	2

#endif
