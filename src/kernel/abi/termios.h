/* SPDX-License-Identifier: GPL-2.0-or-later */
/* termios flags, control characters and the tty ioctls umk's tty layer
 * answers (x86-64 Linux values; struct linux_termios is in types.h). */
#ifndef UMK_ABI_TERMIOS_H
#define UMK_ABI_TERMIOS_H

/* c_iflag */
#define IGNBRK	0000001
#define BRKINT	0000002
#define ISTRIP	0000040
#define INLCR	0000100
#define IGNCR	0000200
#define ICRNL	0000400
#define IXON	0002000
#define IMAXBEL	0020000
#define IUTF8	0040000

/* c_oflag */
#define OPOST	0000001
#define ONLCR	0000004
#define OCRNL	0000010
#define ONOCR	0000020
#define ONLRET	0000040

/* c_cflag */
#define B38400	0000017
#define CS8	0000060
#define CREAD	0000200
#define HUPCL	0002000

/* c_lflag */
#define ISIG	0000001
#define ICANON	0000002
#define ECHO	0000010
#define ECHOE	0000020
#define ECHOK	0000040
#define ECHONL	0000100
#define NOFLSH	0000200
#define TOSTOP	0000400
#define ECHOCTL	0001000
#define ECHOKE	0004000
#define IEXTEN	0100000

/* c_cc */
#define VINTR	0
#define VQUIT	1
#define VERASE	2
#define VKILL	3
#define VEOF	4
#define VTIME	5
#define VMIN	6
#define VSTART	8
#define VSTOP	9
#define VSUSP	10
#define VEOL	11
#define VREPRINT 12
#define VWERASE	14
#define VLNEXT	15
#define VEOL2	16

/* ioctls beyond abi/misc.h's */
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCEXCL	0x540C
#define TIOCNXCL	0x540D
#define TCSBRKP		0x5425
#define TIOCSPTLCK	0x40045431
#define TIOCGPTLCK	0x80045439
#define TIOCGPTPEER	0x5441
#define TIOCVHANGUP	0x5437

#define TCIFLUSH	0
#define TCOFLUSH	1
#define TCIOFLUSH	2

#endif
