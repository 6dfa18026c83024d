// SPDX-License-Identifier: GPL-2.0
/*
 * kconv_pageref: /sys/kernel/debug/kconv/kpagerefcount, the page refcount
 * of every pfn, laid out like /proc/kpagecount (one u64 per pfn, at offset
 * pfn * 8). /proc/kpagecount cannot serve here: it reports the *mapcount*,
 * and reports 0 for every ZONE_DEVICE pfn (fs/proc/page.c only looks at
 * online sections), so FS-DAX pages are invisible to it. A pfn without a
 * struct page reads as ~0.
 *
 * Test-only; built out of tree by kconv and loaded from its initramfs.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/uaccess.h>

static struct dentry *kconv_dir;

static ssize_t kpagerefcount_read(struct file *file, char __user *buf,
				  size_t count, loff_t *ppos)
{
	u64 __user *out = (u64 __user *)buf;
	unsigned long pfn = *ppos / sizeof(u64);
	ssize_t done = 0;

	if (*ppos % sizeof(u64) || count % sizeof(u64))
		return -EINVAL;
	while (count) {
		u64 ref = ~0ULL;

		if (pfn_valid(pfn))
			ref = page_ref_count(pfn_to_page(pfn));
		if (put_user(ref, out))
			return done ? done : -EFAULT;
		out++;
		pfn++;
		count -= sizeof(u64);
		done += sizeof(u64);
		cond_resched();
	}
	*ppos += done;
	return done;
}

static const struct file_operations kpagerefcount_fops = {
	.owner = THIS_MODULE,
	.read = kpagerefcount_read,
	.llseek = default_llseek,
};

static int __init kconv_pageref_init(void)
{
	kconv_dir = debugfs_create_dir("kconv", NULL);
	debugfs_create_file("kpagerefcount", 0400, kconv_dir, NULL,
			    &kpagerefcount_fops);
	return 0;
}

static void __exit kconv_pageref_exit(void)
{
	debugfs_remove_recursive(kconv_dir);
}

module_init(kconv_pageref_init);
module_exit(kconv_pageref_exit);
MODULE_DESCRIPTION("kconv: page refcounts by pfn, for the FS-DAX scenario");
MODULE_LICENSE("GPL");
