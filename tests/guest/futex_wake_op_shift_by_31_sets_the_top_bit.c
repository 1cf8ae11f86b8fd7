// SPDX-License-Identifier: GPL-2.0-or-later
// FUTEX_WAKE_OP with FUTEX_OP_OPARG_SHIFT and oparg 31 uses 1 << 31 as
// the operand: FUTEX_OP_SET stores 0x80000000 in the second word.  (In
// umk, 1 << 31 was a signed overflow, found by tests/fuzz/syscall_fuzz.)
#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "guest.h"

int main(void)
{
	uint32_t w1 = 0, w2 = 5;
	/* FUTEX_OP(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 31, FUTEX_OP_CMP_EQ, 0) */
	uint32_t op = (uint32_t)(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT) << 28 | 31 << 12;

	CHECK(syscall(SYS_futex, &w1, FUTEX_WAKE_OP_PRIVATE, 1, 1, &w2, op) == 0,
	      "FUTEX_WAKE_OP: %s", strerror(errno));
	CHECK(w2 == 0x80000000U, "the second word is %#x, not 0x80000000", w2);
	return 0;
}
