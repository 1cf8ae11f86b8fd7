/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tty layer: terminals inside umk.
 *
 * A struct tty is one terminal as its programs see it: termios, window
 * size, the foreground process group and the session it is the
 * controlling terminal of, and the line discipline's queues.  A driver
 * (struct tty_driver) says where the output goes and what a close means:
 * the slave side of each guest pseudo-terminal (pty.c: its master reads
 * the output), the console when umk's stdin and stdout are a terminal
 * (console_tty.c: the output is written to the host terminal, a host
 * thread types what the host terminal reads), and umk boot's lines
 * (line_tty.c: the same on host fds: a host pty, a TCP client).  n_tty.c
 * and tty_io.c serve them all alike.
 *
 * The pieces, one idea per file:
 *   n_tty.c    the line discipline: input processing (ICRNL & co, ISIG,
 *              canonical editing, echo), output processing (OPOST), the
 *              read queue's rules (lines, VMIN/VTIME)
 *   tty_io.c   tty files: read, write, poll, the ioctls, job control
 *              (SIGTTIN/SIGTTOU), controlling terminals, hangup, /dev/tty
 *   pty.c      /dev/ptmx, /dev/pts/N: master and slave
 *   console_tty.c  /dev/console on umk's host terminal
 *   line_tty.c /dev/ttyN and /dev/ttySN: umk boot's conN= and sslN= lines
 *              on host fds (a host pty, a TCP client, fds)
 *
 * A process's controlling terminal is the tty whose session is the
 * process's session (tty->session == p->sid): a fork inherits it, setsid
 * leaves it, as on Linux.  (A non-leader's TIOCNOTTY therefore changes
 * nothing: see tty_io.c.)  All fields are guarded by the kernel lock.
 */
#ifndef UMK_TTY_H
#define UMK_TTY_H

#include "kernel.h"
#include "sched.h"
#include "abi/termios.h"

struct task;
struct process;
struct file;

#define TTY_RBUF	4096	/* the read queue (bytes ready for read) */
#define TTY_LBUF	4096	/* the line being edited (canonical mode) */
#define TTY_OBUF	8192	/* output waiting for the master's read */

/* Entries of the read queue: a byte and what it ends. */
#define RQ_DATA		0
#define RQ_EOL		1	/* the byte ends a line (and is read) */
#define RQ_EOF		2	/* VEOF: ends a line, is not read */

struct tty;

/* What differs between kinds of tty. */
struct tty_driver {
	u32 major;			/* of the tty's device: 136 pts, 5 console,
					 * 4 tty1..8 and ttyS0..7 */
	/* Output is waiting in tty->ob: a pty wakes its master; the console
	 * writes it to the host (the kernel lock is dropped meanwhile).
	 * True when room was made in tty->ob. */
	bool (*output)(struct tty *tty);
	/* A tty file (not a pty master) was closed. */
	void (*close)(struct tty *tty);
};

struct tty {
	const struct tty_driver *driver;
	int index;			/* the minor: N of /dev/pts/N, 1 console,
					 * N of ttyN, 64+N of ttySN */
	struct linux_termios termios;	/* the slave's */
	struct linux_termios mtermios;	/* the master's own (unused) */
	struct linux_winsize winsize;
	int pgrp;			/* foreground process group, 0: none */
	int session;			/* session it controls, 0: none */

	/* read queue: ring of (byte, RQ_*) */
	u8 rq_c[TTY_RBUF], rq_f[TTY_RBUF];
	size_t rq_head, rq_len;
	int rq_lines;			/* RQ_EOL/RQ_EOF entries queued */
	u8 line[TTY_LBUF];		/* canonical: the line being edited */
	size_t line_len;
	/* output (slave writes, echo) for the master: a byte ring */
	u8 ob[TTY_OBUF];
	size_t ob_head, ob_len;

	bool hungup;			/* the master is closed */
	bool locked;			/* TIOCSPTLCK: the slave cannot open */
	bool slave_opened;		/* opened once: master EIO after last close */
	int slave_opens;		/* open slave files */
	int master_opens;		/* open master files */
	struct waitqueue wq;		/* readers, writers, pollers of both sides */
	struct dentry *devdir;		/* the /dev ptmx was opened in (for the
					 * dentry of /dev/pts/N to drop) */
	struct tty *next;		/* all ttys */
};

/* ---- n_tty.c: the line discipline ---- */
void n_tty_init_termios(struct linux_termios *tio);
/* One byte typed (a master write): processed into the read queue, with
 * echo and signals. */
void n_tty_receive(struct tty *tty, u8 c);
/* Room for another typed byte (else the master's write waits). */
bool n_tty_receive_room(struct tty *tty);
/* Readable for poll: canonical, a whole line is queued; else VMIN bytes
 * (one when VTIME is set), as Linux's poll. */
bool n_tty_readable(struct tty *tty);
size_t n_tty_chars(struct tty *tty);	/* FIONREAD */
/* Take up to len bytes for a read (canonical: at most one line). */
size_t n_tty_take(struct tty *tty, u8 *buf, size_t len);
/* One byte written by a program, after OPOST; false without room. */
bool n_tty_output(struct tty *tty, u8 c);
/* termios changed from old: canonical to raw moves the line to the queue. */
void n_tty_set_termios(struct tty *tty, const struct linux_termios *old);
void n_tty_flush_input(struct tty *tty);
void n_tty_flush_output(struct tty *tty);

/* ---- tty_io.c ---- */
/* Send sig to every process of group pgrp (from the kernel). */
void tty_signal_pgrp(int pgrp, int sig);
/* The tty layer's file ops for a slave f of tty (pty.c's open). */
int tty_open_file(struct tty *tty, struct file *f, bool noctty);
/* The ioctls both sides share; -ENOIOCTLCMD when not one of them. */
long tty_ioctl_common(struct task *t, struct tty *tty, struct file *f,
		      bool master, unsigned cmd, u64 arg);
/* Master closed: hang up the slave side. */
void tty_hangup(struct tty *tty);
/* The controlling terminal of p's session, or NULL. */
struct tty *tty_of_session(int sid);
/* Output is waiting in tty->ob: hand it to the driver (tty_io.c). */
bool tty_output_ready(struct tty *tty);
/* Bytes from the host side of a tty on host fds (the console, umk boot's
 * lines), typed as a pty master's write: how many it took (fewer while the
 * read queue is full; all after a hangup, dropped); the echo goes out. */
size_t tty_host_input(struct tty *tty, const u8 *buf, size_t n);
/* A session leader's process ended: its terminal is let go. */
void tty_session_exit(struct process *p);
/* /proc/PID/stat: tty_nr (Linux's encoding) and tpgid of p. */
void tty_proc_stat(const struct process *p, u32 *tty_nr, int *tpgid);
/* /dev/tty: open the caller's controlling terminal; -ENXIO: none. */
int tty_open_ctty(struct file *f);

/* ---- pty.c ---- */
int ptmx_open(struct file *f);
int pts_open(u32 index, struct file *f);
extern struct tty *tty_list;

/* ---- console_tty.c ---- */
/* The console's tty, or NULL when the console is a pass-through
 * (fs/console.c). */
extern struct tty *console_tty;
/* At boot: make the console a tty when the host fd in is a terminal that
 * umk may put in raw mode; 0 or -errno (then it stays a pass-through). */
int console_tty_setup(int in, int out);
/* A file f on the console's tty (/dev/console): never a controlling
 * terminal by opening it. */
int console_tty_open(struct file *f);

/* ---- line_tty.c: ttys on host fds: umk boot's conN= and sslN= lines,
 * and the console's output ---- */
#define TTY_MAJOR		4	/* /dev/ttyN: minor N; /dev/ttySN: 64+N */
#define TTY_SERIAL_MINOR	64
#define CONSOLE_MAJOR		5
#define CONSOLE_MINOR		1
/* The console's tty gets the driver: output to host fd out, blocking. */
void line_tty_console(struct tty *tty, int in, int out);
struct umk_boot;
/* At boot, before devfs: a tty for each line of b. */
int line_tty_setup(const struct umk_boot *b);
/* devfs's node for the i-th line: false after the last. */
bool line_tty_node(int i, char *name, size_t len, u32 *mode, u32 *minor);
/* Char 4:minor; -ENXIO for a line that is not configured. */
int line_tty_open(u32 minor, struct file *f);

/* ---- fs/devfs.c: /dev/pts/N of the first /dev ---- */
struct dentry;
int devfs_pts_add(int index, u32 uid, u32 gid);
void devfs_pts_remove(int index, struct dentry *devdir);
void tty_wake(struct tty *tty, unsigned key);

#define PTY_SLAVE_MAJOR	136
#define ENOIOCTLCMD	515

#endif
