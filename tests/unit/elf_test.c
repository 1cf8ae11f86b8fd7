// SPDX-License-Identifier: GPL-2.0-or-later
/* The ELF header checks of exec (src/kernel/elf.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel.h"
#include "elf.h"
#include "mm.h"

struct file_img {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[3];
};

static struct file_img good(void)
{
	struct file_img f = { 0 };

	memcpy(f.eh.e_ident, "\177ELF\2\1\1", 7);
	f.eh.e_type = ET_DYN;
	f.eh.e_machine = EM_X86_64;
	f.eh.e_version = EV_CURRENT;
	f.eh.e_phoff = sizeof(f.eh);
	f.eh.e_phentsize = sizeof(struct elf64_phdr);
	f.eh.e_phnum = 3;
	f.ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
				       .p_offset = 0, .p_vaddr = 0, .p_filesz = 0x1800,
				       .p_memsz = 0x1800 };
	f.ph[1] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
				       .p_offset = 0x1800, .p_vaddr = 0x2800,
				       .p_filesz = 0x100, .p_memsz = 0x3000 };
	f.ph[2] = (struct elf64_phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
	return f;
}

static int parse(struct file_img *f, struct elf_image *img)
{
	int ret = elf_check_header(f, sizeof(*f), img);

	return ret ? ret : elf_parse_phdrs(img, f->ph, sizeof(f->ph));
}

static void elf__good_pie_is_accepted_with_its_span(void **state)
{
	struct file_img f = good();
	struct elf_image img;

	assert_int_equal(parse(&f, &img), 0);
	assert_int_equal(img.lo, 0);
	assert_int_equal(img.hi, 0x6000);
	assert_int_equal(img.interp, -1);
	assert_false(img.exec_stack);
}

static void elf__bad_magic_or_class_is_enoexec(void **state)
{
	struct file_img f = good();
	struct elf_image img;

	f.eh.e_ident[1] = 'X';
	assert_int_equal(parse(&f, &img), -ENOEXEC);
	f = good();
	f.eh.e_ident[4] = 1;	/* ELFCLASS32 */
	assert_int_equal(parse(&f, &img), -ENOEXEC);
	f = good();
	f.eh.e_machine = 3;	/* i386 */
	assert_int_equal(parse(&f, &img), -ENOEXEC);
	f = good();
	f.eh.e_type = 4;	/* ET_CORE */
	assert_int_equal(parse(&f, &img), -ENOEXEC);
}

static void elf__too_short_or_too_many_phdrs_is_enoexec(void **state)
{
	struct file_img f = good();
	struct elf_image img;

	assert_int_equal(elf_check_header(&f, 10, &img), -ENOEXEC);
	f.eh.e_phnum = ELF_MAX_PHDRS + 1;
	assert_int_equal(elf_check_header(&f, sizeof(f), &img), -ENOEXEC);
	f = good();
	f.eh.e_phentsize = 32;
	assert_int_equal(elf_check_header(&f, sizeof(f), &img), -ENOEXEC);
}

static void elf__misaligned_or_oversized_segment_is_einval(void **state)
{
	struct file_img f = good();
	struct elf_image img;

	f.ph[1].p_vaddr = 0x2801;	/* offset and address not congruent */
	assert_int_equal(parse(&f, &img), -EINVAL);
	f = good();
	f.ph[1].p_filesz = 0x4000;	/* more in the file than in memory */
	assert_int_equal(parse(&f, &img), -EINVAL);
	f = good();
	f.ph[1].p_vaddr = 0x7ffffffff800;	/* beyond the guest address space */
	f.ph[1].p_offset = 0x800;
	assert_int_equal(parse(&f, &img), -EINVAL);
}

static void elf__interp_and_exec_stack_are_found(void **state)
{
	struct file_img f = good();
	struct elf_image img;

	f.ph[2] = (struct elf64_phdr){ .p_type = PT_INTERP, .p_offset = 0x200, .p_filesz = 28 };
	assert_int_equal(parse(&f, &img), 0);
	assert_int_equal(img.interp, 2);
	f = good();
	f.ph[2].p_flags |= PF_X;
	assert_int_equal(parse(&f, &img), 0);
	assert_true(img.exec_stack);
}

static void elf__no_load_segment_is_enoexec(void **state)
{
	struct file_img f = good();
	struct elf_image img;

	f.ph[0].p_type = PT_NOTE;
	f.ph[1].p_type = PT_NOTE;
	assert_int_equal(parse(&f, &img), -ENOEXEC);
}

static void elf_segment__data_with_bss_is_file_page_zeroed_tail_and_anon(void **state)
{
	struct file_img f = good();
	struct elf_image img;
	struct elf_seg s;
	u64 bias;

	assert_int_equal(parse(&f, &img), 0);
	assert_int_equal(elf_bias(&img, 0x200000, &bias), 0);
	assert_int_equal(bias, 0x200000);
	/* text: file pages only */
	assert_int_equal(elf_segment(&img, 0, bias, &s), 0);
	assert_int_equal(s.map, 0x200000);
	assert_int_equal(s.map_len, 0x2000);
	assert_int_equal(s.off, 0);
	assert_int_equal(s.zero_len, 0);
	assert_int_equal(s.anon_len, 0);
	assert_int_equal(s.prot, PROT_READ | PROT_EXEC);
	/* data: one file page from offset 0x1000, its tail zeroed, .bss */
	assert_int_equal(elf_segment(&img, 1, bias, &s), 0);
	assert_int_equal(s.map, 0x202000);
	assert_int_equal(s.map_len, 0x1000);
	assert_int_equal(s.off, 0x1000);
	assert_int_equal(s.zero, 0x202900);
	assert_int_equal(s.zero_len, 0x700);
	assert_int_equal(s.anon, 0x203000);
	assert_int_equal(s.anon_len, 0x3000);
	assert_int_equal(s.mem_end, 0x205800);
	/* PT_GNU_STACK is no segment */
	assert_int_equal(elf_segment(&img, 2, bias, &s), 1);
}

static void elf_bias__exec_stays_put_and_too_high_is_einval(void **state)
{
	struct file_img f = good();
	struct elf_image img;
	u64 bias;

	assert_int_equal(parse(&f, &img), 0);
	assert_int_equal(elf_bias(&img, TASK_SIZE - 0x5000, &bias), -EINVAL);
	assert_int_equal(elf_bias(&img, TASK_SIZE - 0x6000, &bias), 0);
	f.eh.e_type = ET_EXEC;
	f.ph[0].p_vaddr = 0x400000;
	f.ph[1].p_vaddr = 0x402800;
	assert_int_equal(parse(&f, &img), 0);
	assert_int_equal(elf_bias(&img, 0x10000, &bias), 0);
	assert_int_equal(bias, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(elf__good_pie_is_accepted_with_its_span),
		cmocka_unit_test(elf__bad_magic_or_class_is_enoexec),
		cmocka_unit_test(elf__too_short_or_too_many_phdrs_is_enoexec),
		cmocka_unit_test(elf__misaligned_or_oversized_segment_is_einval),
		cmocka_unit_test(elf__interp_and_exec_stack_are_found),
		cmocka_unit_test(elf__no_load_segment_is_enoexec),
		cmocka_unit_test(elf_segment__data_with_bss_is_file_page_zeroed_tail_and_anon),
		cmocka_unit_test(elf_bias__exec_stays_put_and_too_high_is_einval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
