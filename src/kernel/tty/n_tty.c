// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The line discipline (Linux's N_TTY): what happens to a byte between the
 * keyboard (a master write) and a program's read, and between a program's
 * write and the screen (the master's read).  VLNEXT and VDISCARD are not
 * implemented (ordinary bytes).
 *
 * Input, one byte at a time (n_tty_receive): ISTRIP, IGNCR/ICRNL/INLCR;
 * with ISIG, VINTR/VQUIT/VSUSP flush the queues (unless NOFLSH), echo and
 * signal the foreground process group; with ICANON the byte edits the
 * current line (VERASE, VWERASE, VKILL, VLNEXT) or ends it (newline, VEOL,
 * VEOL2, VEOF), and only whole lines reach the read queue; without it
 * every byte does.  Echo (ECHO, ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL as
 * ^X) goes to the output like a program's writes.
 *
 * The read queue is a ring of bytes, each marked with what it ends
 * (RQ_EOL: a line, read with it; RQ_EOF: a line, not read).  A canonical
 * read takes at most one line.  VMIN/VTIME are tty_io.c's (the waiting).
 *
 * Output (n_tty_output): with OPOST, ONLCR makes "\n" "\r\n", OCRNL "\r"
 * "\n", ONOCR/ONLRET are ignored.  IXON (^S/^Q) is not implemented: the
 * bytes are ordinary input.
 */
#include "kernel.h"
#include "tty/tty.h"

#define CTRL(c)	((c) & 0x1f)

void n_tty_init_termios(struct linux_termios *tio)
{
	static const u8 cc[19] = {
		[VINTR] = CTRL('C'), [VQUIT] = 034, [VERASE] = 0177,
		[VKILL] = CTRL('U'), [VEOF] = CTRL('D'), [VTIME] = 0,
		[VMIN] = 1, [VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'),
		[VSUSP] = CTRL('Z'), [VREPRINT] = CTRL('R'), [13] = CTRL('O'),
		[VWERASE] = CTRL('W'), [VLNEXT] = CTRL('V'),
	};

	memset(tio, 0, sizeof(*tio));
	tio->c_iflag = ICRNL | IXON;
	tio->c_oflag = OPOST | ONLCR;
	tio->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	tio->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		       IEXTEN;
	memcpy(tio->c_cc, cc, sizeof(cc));
}

/* ---- output ---- */

static bool ob_room(struct tty *tty, size_t n)
{
	return TTY_OBUF - tty->ob_len >= n;
}

static void ob_put(struct tty *tty, u8 c)
{
	tty->ob[(tty->ob_head + tty->ob_len) % TTY_OBUF] = c;
	tty->ob_len++;
}

bool n_tty_output(struct tty *tty, u8 c)
{
	const struct linux_termios *tio = &tty->termios;

	if (tio->c_oflag & OPOST) {
		if (c == '\n' && (tio->c_oflag & ONLCR)) {
			if (!ob_room(tty, 2))
				return false;
			ob_put(tty, '\r');
			ob_put(tty, '\n');
			return true;
		}
		if (c == '\r' && (tio->c_oflag & OCRNL))
			c = '\n';
	}
	if (!ob_room(tty, 1))
		return false;
	ob_put(tty, c);
	return true;
}

/* Echo is dropped when the output is full, as Linux drops it. */
static void echo_char_raw(struct tty *tty, u8 c)
{
	n_tty_output(tty, c);
}

static bool is_ctl(u8 c)
{
	return (c < 32 && c != '\t' && c != '\n') || c == 0177;
}

/* Echo c as the user typed it: ^X for control characters with ECHOCTL. */
static void echo_char(struct tty *tty, u8 c)
{
	if ((tty->termios.c_lflag & ECHOCTL) && is_ctl(c)) {
		echo_char_raw(tty, '^');
		echo_char_raw(tty, c ^ 0100);
	} else {
		echo_char_raw(tty, c);
	}
}

/* How many columns the echo of c took. */
static int echo_width(struct tty *tty, u8 c)
{
	return (tty->termios.c_lflag & ECHOCTL) && is_ctl(c) ? 2 : 1;
}

/* ---- the read queue ---- */

static void rq_put(struct tty *tty, u8 c, u8 flag)
{
	size_t i = (tty->rq_head + tty->rq_len) % TTY_RBUF;

	tty->rq_c[i] = c;
	tty->rq_f[i] = flag;
	tty->rq_len++;
	if (flag != RQ_DATA)
		tty->rq_lines++;
}

bool n_tty_receive_room(struct tty *tty)
{
	/* the line being edited will need room in the queue too; once it
	 * is full, typed bytes are dropped (n_tty_receive), not waited for */
	if ((tty->termios.c_lflag & ICANON) && tty->line_len >= TTY_LBUF - 1)
		return true;
	return tty->rq_len + tty->line_len < TTY_RBUF - 1;
}

/* The edited line goes to the read queue, ended with (c, flag). */
static void line_commit(struct tty *tty, u8 c, u8 flag)
{
	for (size_t i = 0; i < tty->line_len && tty->rq_len < TTY_RBUF - 1; i++)
		rq_put(tty, tty->line[i], RQ_DATA);
	tty->line_len = 0;
	if (tty->rq_len < TTY_RBUF)
		rq_put(tty, c, flag);
}

void n_tty_flush_input(struct tty *tty)
{
	tty->rq_head = tty->rq_len = 0;
	tty->rq_lines = 0;
	tty->line_len = 0;
}

void n_tty_flush_output(struct tty *tty)
{
	tty->ob_head = tty->ob_len = 0;
}

bool n_tty_readable(struct tty *tty)
{
	if (tty->termios.c_lflag & ICANON)
		return tty->rq_lines > 0;
	/* as Linux's poll: VMIN bytes unless a VTIME is set */
	if (tty->termios.c_cc[VTIME] || tty->termios.c_cc[VMIN] <= 1)
		return tty->rq_len > 0;
	return tty->rq_len >= tty->termios.c_cc[VMIN];
}

size_t n_tty_chars(struct tty *tty)
{
	size_t n = 0;

	for (size_t i = 0; i < tty->rq_len; i++)
		if (tty->rq_f[(tty->rq_head + i) % TTY_RBUF] != RQ_EOF)
			n++;
	return n;
}

size_t n_tty_take(struct tty *tty, u8 *buf, size_t len)
{
	bool canon = tty->termios.c_lflag & ICANON;
	size_t n = 0;

	while (tty->rq_len && n < len) {
		u8 c = tty->rq_c[tty->rq_head], flag = tty->rq_f[tty->rq_head];

		if (flag == RQ_EOF && canon && n)
			break;		/* the EOF ends the next read */
		tty->rq_head = (tty->rq_head + 1) % TTY_RBUF;
		tty->rq_len--;
		if (flag != RQ_DATA)
			tty->rq_lines--;
		if (flag == RQ_EOF) {
			if (canon)
				break;	/* a read of 0: end of file */
			continue;
		}
		buf[n++] = c;
		if (flag == RQ_EOL && canon)
			break;
	}
	return n;
}

void n_tty_set_termios(struct tty *tty, const struct linux_termios *old)
{
	bool was = old->c_lflag & ICANON, now = tty->termios.c_lflag & ICANON;

	if (was && !now) {
		/* the half-typed line becomes readable bytes */
		for (size_t i = 0; i < tty->line_len && tty->rq_len < TTY_RBUF; i++)
			rq_put(tty, tty->line[i], RQ_DATA);
		tty->line_len = 0;
	}
}

/* ---- input ---- */

static void erase_one(struct tty *tty)
{
	u8 c = tty->line[--tty->line_len];
	u32 lflag = tty->termios.c_lflag;

	if (!(lflag & ECHO))
		return;
	if (lflag & ECHOE) {
		for (int i = echo_width(tty, c); i > 0; i--) {
			echo_char_raw(tty, '\b');
			echo_char_raw(tty, ' ');
			echo_char_raw(tty, '\b');
		}
	} else {
		echo_char(tty, tty->termios.c_cc[VERASE]);
	}
}

static bool is_space(u8 c)
{
	return c == ' ' || c == '\t';
}

/* Canonical editing of byte c; true when it was an editing key. */
static bool canon_edit(struct tty *tty, u8 c)
{
	const u8 *cc = tty->termios.c_cc;
	u32 lflag = tty->termios.c_lflag;

	if (c == cc[VERASE] && c) {
		if (tty->line_len)
			erase_one(tty);
		return true;
	}
	if (c == cc[VWERASE] && c && (lflag & IEXTEN)) {
		while (tty->line_len && is_space(tty->line[tty->line_len - 1]))
			erase_one(tty);
		while (tty->line_len && !is_space(tty->line[tty->line_len - 1]))
			erase_one(tty);
		return true;
	}
	if (c == cc[VKILL] && c) {
		if ((lflag & (ECHO | ECHOE | ECHOKE)) == (ECHO | ECHOE | ECHOKE)) {
			while (tty->line_len)
				erase_one(tty);
			return true;
		}
		tty->line_len = 0;
		if (lflag & ECHO) {
			echo_char(tty, c);
			if (lflag & ECHOK)
				echo_char_raw(tty, '\n');
		}
		return true;
	}
	if (c == cc[VREPRINT] && c && (lflag & (ECHO | IEXTEN)) == (ECHO | IEXTEN)) {
		echo_char(tty, c);
		echo_char_raw(tty, '\n');
		for (size_t i = 0; i < tty->line_len; i++)
			echo_char(tty, tty->line[i]);
		return true;
	}
	return false;
}

static void isig(struct tty *tty, u8 c, int sig)
{
	if (!(tty->termios.c_lflag & NOFLSH)) {
		n_tty_flush_input(tty);
		n_tty_flush_output(tty);
	}
	if (tty->termios.c_lflag & ECHO)
		echo_char(tty, c);
	if (tty->pgrp)
		tty_signal_pgrp(tty->pgrp, sig);
}

void n_tty_receive(struct tty *tty, u8 c)
{
	const struct linux_termios *tio = &tty->termios;
	const u8 *cc = tio->c_cc;
	u32 lflag = tio->c_lflag;
	if (tio->c_iflag & ISTRIP)
		c &= 0x7f;
	if (c == '\r') {
		if (tio->c_iflag & IGNCR)
			return;
		if (tio->c_iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (tio->c_iflag & INLCR)) {
		c = '\r';
	}
	if (lflag & ISIG) {
		if (c == cc[VINTR] && c) {
			isig(tty, c, SIGINT);
			return;
		}
		if (c == cc[VQUIT] && c) {
			isig(tty, c, SIGQUIT);
			return;
		}
		if (c == cc[VSUSP] && c) {
			isig(tty, c, SIGTSTP);
			return;
		}
	}
	if (!(lflag & ICANON)) {
		if (tty->rq_len < TTY_RBUF) {
			rq_put(tty, c, RQ_DATA);
			if (lflag & ECHO)
				echo_char(tty, c);
		}
		return;
	}
	if (canon_edit(tty, c))
		return;
	if (c == cc[VEOF] && c) {
		line_commit(tty, c, RQ_EOF);
		return;
	}
	if (c == '\n' || (c == cc[VEOL] && c) ||
	    (c == cc[VEOL2] && c && (lflag & IEXTEN))) {
		if ((lflag & ECHO) || (c == '\n' && (lflag & ECHONL)))
			echo_char(tty, c);
		line_commit(tty, c, RQ_EOL);
		return;
	}
	if (tty->line_len >= TTY_LBUF - 1)
		return;		/* the line is full: dropped */
	tty->line[tty->line_len++] = c;
	if (lflag & ECHO)
		echo_char(tty, c);
}
